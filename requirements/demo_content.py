"""Demo content for the requirement bank: categories, tags, requirements and relations."""

from typing import NotRequired, TypedDict

# Written for this project in plain Danish; not copied from any existing requirement bank.
# The data is plain Python so a loader (management command, fixture builder, tests) can use it
# without Django. Requirement keys use the key of their top-level category as prefix.

KINDS = ("minimum", "award", "information")
RELATION_TYPES = ("depends_on", "refines", "replaces", "conflicts_with")


class VersionData(TypedDict):
    """An earlier published version of a requirement (oldest first in `versions`)."""

    title: str
    text: str
    change_note: str  # what this version changed when it was published


class RequirementData(TypedDict):
    """One requirement as it reads in its current (newest) published version."""

    key: str
    category: str
    kind: str  # one of KINDS
    tags: list[str]
    title: str
    text: str
    purpose: str
    buyer_guidance: str
    verification: str
    evidence: str
    sources: list[str]
    cost_note: str  # may be empty
    change_note: NotRequired[str]  # what the current version changed; only with `versions`
    versions: NotRequired[list[VersionData]]


# (key, parent_key | None, name_da, name_en, description_da); parents come before children.
CATEGORIES: list[tuple[str, str | None, str, str, str]] = [
    (
        "ARK",
        None,
        "Arkivering",
        "Archiving",
        "Journalisering, bevaring og kassation samt aflevering af data til offentligt arkiv.",
    ),
    (
        "ARK-JOU",
        "ARK",
        "Journalisering",
        "Records management",
        "Registrering af sager og dokumenter, så de kan findes igen og indgå i aktindsigt.",
    ),
    (
        "ARK-BEV",
        "ARK",
        "Bevaring og kassation",
        "Preservation and disposal",
        "Hvilke data der skal bevares, og hvordan øvrige data slettes, når fristen er udløbet.",
    ),
    (
        "ARK-AFL",
        "ARK",
        "Aflevering til arkiv",
        "Transfer to archives",
        "Arkiveringsversioner til Rigsarkivet eller kommunens stadsarkiv.",
    ),
    (
        "SIK",
        None,
        "Informationssikkerhed",
        "Information security",
        "Beskyttelse af kommunens data og personoplysninger i løsningen og hos leverandøren.",
    ),
    (
        "SIK-ADG",
        "SIK",
        "Adgangsstyring og rettigheder",
        "Access control and permissions",
        "Hvem der kan logge ind, og hvad de hver især må se og gøre.",
    ),
    (
        "SIK-LOG",
        "SIK",
        "Logning",
        "Logging",
        "Logning af opslag og ændringer, så misbrug kan opdages og undersøges.",
    ),
    (
        "SIK-KRY",
        "SIK",
        "Kryptering",
        "Encryption",
        "Kryptering af data under transport og ved opbevaring.",
    ),
    (
        "SIK-BAK",
        "SIK",
        "Backup og gendannelse",
        "Backup and restore",
        "Sikkerhedskopier og genetablering efter nedbrud eller angreb.",
    ),
    (
        "SIK-SAR",
        "SIK",
        "Sårbarhedshåndtering",
        "Vulnerability management",
        "Opdagelse og rettelse af sårbarheder i løsningen og dens komponenter.",
    ),
    (
        "SIK-ERK",
        "SIK",
        "Erklæringer og certificering",
        "Assurance reports and certification",
        "Uafhængig dokumentation af leverandørens sikkerhed, fx revisorerklæringer.",
    ),
    (
        "SIK-DBA",
        "SIK",
        "Databehandling",
        "Data processing",
        "Databehandleraftale, underdatabehandlere, behandlingssted og brud på sikkerheden.",
    ),
    (
        "MOB",
        None,
        "Mobile løsninger",
        "Mobile solutions",
        "Brug af løsningen på smartphones og tablets, i browser og som app.",
    ),
    (
        "MOB-WEB",
        "MOB",
        "Responsivt design",
        "Responsive design",
        "Brugerflader, der tilpasser sig skærmstørrelsen.",
    ),
    (
        "MOB-APP",
        "MOB",
        "Apps og offline",
        "Apps and offline use",
        "Apps til iOS og Android og arbejde uden netforbindelse.",
    ),
    (
        "MOB-MDM",
        "MOB",
        "Enhedsstyring (MDM)",
        "Mobile device management",
        "Central udrulning, konfiguration og beskyttelse af apps på kommunens enheder.",
    ),
    (
        "INT",
        None,
        "Integration og arkitektur",
        "Integration and architecture",
        "Sammenhæng med den fælleskommunale og fællesoffentlige arkitektur og andre systemer.",
    ),
    (
        "INT-ARK",
        "INT",
        "Rammearkitektur",
        "Reference architecture",
        "Principper fra den fælleskommunale rammearkitektur og FDA.",
    ),
    (
        "INT-FKS",
        "INT",
        "Serviceplatformen og støttesystemer",
        "Service platform and support systems",
        "Brug af Serviceplatformen og de fælleskommunale støttesystemer.",
    ),
    (
        "INT-ADG",
        "INT",
        "Fælleskommunal adgangsstyring og login",
        "Shared municipal access control and login",
        "Medarbejderlogin via kommunens brugerstyring og borgerlogin med MitID.",
    ),
    (
        "INT-API",
        "INT",
        "API'er og hændelser",
        "APIs and events",
        "Dokumenterede snitflader, så andre systemer kan bruge løsningens data.",
    ),
    (
        "INT-GRD",
        "INT",
        "Grunddata og fælles begreber",
        "Basic data and shared concepts",
        "Genbrug af grunddata og fællesoffentlige begreber frem for egne kopier.",
    ),
    (
        "DAT",
        None,
        "Data og exit",
        "Data and exit",
        "Kommunens adgang til egne data og en ordnet overgang, når kontrakten ophører.",
    ),
    (
        "DAT-UDL",
        "DAT",
        "Dataudlevering",
        "Data export",
        "Udlevering af kommunens data i åbne, dokumenterede formater.",
    ),
    (
        "DAT-EXI",
        "DAT",
        "Exitplan og overdragelse",
        "Exit plan and handover",
        "Plan for ophør og samarbejde med en ny leverandør.",
    ),
    (
        "DAT-SLE",
        "DAT",
        "Sletning",
        "Deletion",
        "Sletning af data ved ophør og af oplysninger om enkeltpersoner.",
    ),
    (
        "TIL",
        None,
        "Tilgængelighed",
        "Accessibility",
        "Løsninger, som alle kan bruge, også borgere og medarbejdere med handicap.",
    ),
    (
        "TIL-WEB",
        "TIL",
        "Webtilgængelighed",
        "Web accessibility",
        "WCAG 2.1 AA for brugerflader, apps og dokumenter.",
    ),
    (
        "TIL-ERK",
        "TIL",
        "Tilgængelighedserklæring",
        "Accessibility statement",
        "Oplysninger, som kommunen skal bruge til sin tilgængelighedserklæring.",
    ),
    (
        "DRF",
        None,
        "Drift og support",
        "Operations and support",
        "Oppetid, support, kapacitet, overvågning og miljøer.",
    ),
    (
        "DRF-SLA",
        "DRF",
        "Oppetid og servicemål",
        "Uptime and service levels",
        "Aftalte servicemål og rapportering om, hvordan de er overholdt.",
    ),
    (
        "DRF-SUP",
        "DRF",
        "Support",
        "Support",
        "Supportens åbningstid, sprog og responstider.",
    ),
    (
        "DRF-KAP",
        "DRF",
        "Kapacitet og overvågning",
        "Capacity and monitoring",
        "Svartider, overvågning og beredskab.",
    ),
    (
        "DRF-MIL",
        "DRF",
        "Miljøer og driftsvinduer",
        "Environments and maintenance windows",
        "Testmiljøer, planlagt vedligehold og varsling af nye versioner.",
    ),
    (
        "BRU",
        None,
        "Brugervenlighed og uddannelse",
        "Usability and training",
        "Løsninger, der er lette at lære og bruge i hverdagen.",
    ),
    (
        "BRU-UDD",
        "BRU",
        "Uddannelse",
        "Training",
        "Uddannelse af superbrugere og materiale til de øvrige brugere.",
    ),
    (
        "BRU-BRG",
        "BRU",
        "Brugervenlighed",
        "Usability",
        "Enkle arbejdsgange og brugerflader på dansk.",
    ),
    (
        "LIC",
        None,
        "Licens og økonomi",
        "Licensing and pricing",
        "Licensmodel, prisregulering og fakturering.",
    ),
    (
        "LIC-MOD",
        "LIC",
        "Licensmodel",
        "Licensing model",
        "Hvad der betales for, og hvordan antallet af licenser kan tilpasses.",
    ),
    (
        "LIC-PRI",
        "LIC",
        "Priser og fakturering",
        "Prices and invoicing",
        "Prisregulering og fakturaer, der kan kontrolleres mod kontrakten.",
    ),
]

TAGS: list[str] = [
    "aktindsigt",
    "adgangsstyring",
    "api",
    "app",
    "arkiv",
    "backup",
    "beredskab",
    "brugervenlighed",
    "databehandling",
    "dataudlevering",
    "drift",
    "erklæringer",
    "esdh",
    "exit",
    "faktura",
    "fælleskommunal",
    "fællesoffentlig",
    "grunddata",
    "hændelser",
    "journalisering",
    "kapacitet",
    "kassation",
    "kryptering",
    "licens",
    "logning",
    "login",
    "mdm",
    "mobil",
    "offline",
    "personoplysninger",
    "prisregulering",
    "sla",
    "sletning",
    "støttesystemer",
    "support",
    "sårbarheder",
    "test",
    "tilgængelighed",
    "uddannelse",
    "økonomi",
]

REQUIREMENTS: list[RequirementData] = [
    # --- Arkivering -----------------------------------------------------------------------
    {
        "key": "ARK-001",
        "category": "ARK-JOU",
        "kind": "minimum",
        "tags": ["journalisering", "esdh"],
        "title": "Journalisering af sagsrelevante dokumenter",
        "text": (
            "Løsningen skal kunne journalisere dokumenter, der har betydning for en sag, "
            "enten selv eller ved at overføre dem til kommunens ESDH-system. "
            "Dokumenterne skal knyttes til en sag med KLE-emne og handlingsfacet."
        ),
        "purpose": (
            "Kommunen har journaliseringspligt, og dokumenter må ikke ligge spredt i "
            "fagsystemer uden sammenhæng med sagen."
        ),
        "buyer_guidance": (
            "Afklar før udbuddet, om fagsystemet selv skal være journaliseringssystem eller "
            "aflevere til ESDH. Skriv valget ind i kravet, så leverandøren ikke prissætter begge."
        ),
        "verification": (
            "Demonstration ved tilbudsevalueringen og test med kommunens sagstyper ved "
            "overtagelsesprøven."
        ),
        "evidence": "Beskrivelse af journaliseringen og testprotokol fra overtagelsesprøven.",
        "sources": [
            "Offentlighedsloven (journaliseringspligt)",
            "KLE (Kommunernes Landsforenings Emnesystematik)",
        ],
        "cost_note": "Typisk lav merpris for fagsystemer med en eksisterende ESDH-integration.",
    },
    {
        "key": "ARK-002",
        "category": "ARK-JOU",
        "kind": "minimum",
        "tags": ["journalisering", "arkiv"],
        "title": "Metadata for journaliserede dokumenter",
        "text": (
            "Løsningen skal for hvert journaliseret dokument registrere mindst titel, dato, "
            "afsender eller modtager, sagsnummer og dokumenttype. "
            "Metadata skal kunne eksporteres sammen med dokumentet."
        ),
        "purpose": (
            "Metadata gør dokumenterne søgbare ved aktindsigt og er nødvendige, når data "
            "senere afleveres til arkiv."
        ),
        "buyer_guidance": (
            "Brug feltlisten fra kommunens ESDH-system som udgangspunkt, så felterne passer "
            "sammen ved integrationen."
        ),
        "verification": "Gennemgang af datamodel og prøveeksport i testmiljøet.",
        "evidence": "Feltliste eller datamodel og en eksempelfil fra eksporten.",
        "sources": ["Offentlighedsloven", "Arkivloven"],
        "cost_note": "Typisk ingen merpris, da det er standard i de fleste systemer.",
    },
    {
        "key": "ARK-003",
        "category": "ARK-JOU",
        "kind": "minimum",
        "tags": ["aktindsigt", "personoplysninger"],
        "title": "Fremsøgning til aktindsigt og indsigtsret",
        "text": (
            "Løsningen skal kunne fremsøge alle dokumenter og registreringer om en bestemt "
            "person eller sag og udtrække dem samlet. "
            "Udtrækket skal kunne gennemgås og overstreges, før det udleveres."
        ),
        "purpose": (
            "Kommunen skal kunne besvare anmodninger om aktindsigt og borgerens indsigtsret "
            "inden for fristerne uden at lede i flere skærmbilleder."
        ),
        "buyer_guidance": (
            "Hvis overstregning sker i ESDH-systemet, kan anden sætning udelades. "
            "Bed om et realistisk eksempel ved demonstrationen."
        ),
        "verification": "Demonstration med en testperson, der har flere sager.",
        "evidence": "Eksempel på samlet udtræk fra testmiljøet.",
        "sources": ["Offentlighedsloven", "Databeskyttelsesforordningen (GDPR) art. 15"],
        "cost_note": "Lav merpris, hvis løsningen allerede har søgning på tværs af sager.",
    },
    {
        "key": "ARK-004",
        "category": "ARK-BEV",
        "kind": "minimum",
        "tags": ["arkiv"],
        "title": "Bistand til anmeldelse af løsningen til arkivet",
        "text": (
            "Leverandøren skal bistå kommunen med at anmelde løsningen til kommunens arkiv "
            "(Rigsarkivet eller stadsarkivet) og levere de oplysninger om data og formål, "
            "som arkivet skal bruge til sin bevaringsvurdering."
        ),
        "purpose": (
            "Arkivet afgør, om data er bevaringsværdige. Uden anmeldelse ved kommunen ikke, "
            "om data må slettes eller skal afleveres."
        ),
        "buyer_guidance": (
            "Kontakt arkivet tidligt, gerne før udbuddet. "
            "Mange systemtyper er allerede vurderet, og så er bistanden mindre."
        ),
        "verification": "Leverandøren bekræfter kravet i tilbuddet; opfølgning ved idriftsættelse.",
        "evidence": "Den indsendte anmeldelse og arkivets afgørelse.",
        "sources": ["Arkivloven", "Rigsarkivets regler om anmeldelse af it-systemer"],
        "cost_note": "Lav merpris; typisk få konsulenttimer.",
    },
    {
        "key": "ARK-005",
        "category": "ARK-BEV",
        "kind": "minimum",
        "tags": ["kassation", "sletning", "personoplysninger"],
        "title": "Automatisk kassation efter frist",
        "text": (
            "Løsningen skal automatisk slette data og dokumenter, når den fastsatte "
            "opbevaringsfrist er udløbet, medmindre de er markeret som bevaringsværdige. "
            "Kommunen skal selv kunne indstille fristerne, og hver sletning skal logges."
        ),
        "purpose": (
            "Personoplysninger må ikke gemmes længere end nødvendigt, men bevaringsværdige "
            "data må ikke slettes, før de er afleveret."
        ),
        "buyer_guidance": (
            "Fristerne afhænger af sagstypen og kan ændre sig. "
            "Undgå, at hver ændring af en frist kræver en betalt ændringsanmodning."
        ),
        "verification": "Test i testmiljøet med data, hvis frist er udløbet.",
        "evidence": "Beskrivelse af opsætningen og kassationslog fra testen.",
        "sources": [
            "Arkivloven",
            "Databeskyttelsesforordningen (GDPR) art. 5 (opbevaringsbegrænsning)",
            "Rigsarkivets bestemmelser om bevaring og kassation",
        ],
        "cost_note": "Kan øge prisen, hvis løsningen ikke allerede har regelstyret sletning.",
    },
    {
        "key": "ARK-006",
        "category": "ARK-BEV",
        "kind": "minimum",
        "tags": ["arkiv", "kassation"],
        "title": "Markering af bevaringsværdige data",
        "text": (
            "Løsningen skal kunne markere data og dokumenter, som arkivet har vurderet "
            "bevaringsværdige, så de undtages fra automatisk sletning, indtil de er afleveret."
        ),
        "purpose": "At sikre, at automatisk kassation ikke sletter det, der skal bevares.",
        "buyer_guidance": (
            "Kravet giver kun mening sammen med arkivets bevaringsvurdering; "
            "se kravet om anmeldelse til arkivet."
        ),
        "verification": "Test i testmiljøet: markerede data må ikke slettes ved kassation.",
        "evidence": "Testprotokol med markerede og umarkerede data.",
        "sources": ["Arkivloven", "Rigsarkivets bestemmelser om bevaring og kassation"],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "ARK-007",
        "category": "ARK-AFL",
        "kind": "minimum",
        "tags": ["arkiv", "dataudlevering"],
        "title": "Arkiveringsversion efter arkivets regler",
        "text": (
            "Leverandøren skal kunne udtrække en arkiveringsversion af de bevaringsværdige data "
            "efter Rigsarkivets regler om arkiveringsversioner eller stadsarkivets tilsvarende "
            "regler. Udtrækket skal kunne godkendes af arkivet uden efterbehandling hos kommunen."
        ),
        "purpose": (
            "Bevaringsværdige data skal afleveres i en form, som arkivet kan modtage og "
            "bevare i mange år."
        ),
        "buyer_guidance": (
            "Aftal med arkivet, om der skal afleveres løbende eller ved ophør, og skriv "
            "det ind i kontrakten sammen med prisen for en aflevering."
        ),
        "verification": "Testaflevering til arkivet inden for det første driftsår.",
        "evidence": "Arkivets godkendelse af testafleveringen.",
        "sources": ["Arkivloven", "Rigsarkivets bekendtgørelse om arkiveringsversioner"],
        "cost_note": (
            "Kan øge prisen væsentligt, hvis leverandøren ikke har leveret "
            "arkiveringsversioner før."
        ),
        "change_note": (
            "Præciseret, at udtrækket skal følge arkivets regler om arkiveringsversioner og "
            "kunne godkendes uden efterbehandling hos kommunen."
        ),
        "versions": [
            {
                "title": "Aflevering af data til arkiv",
                "text": (
                    "Leverandøren skal kunne levere en kopi af løsningens data til kommunens "
                    "arkiv, når arkivet beder om det."
                ),
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "ARK-008",
        "category": "ARK-AFL",
        "kind": "award",
        "tags": ["arkiv"],
        "title": "Erfaring med godkendte arkiveringsversioner",
        "text": (
            "Beskriv jeres erfaring med arkiveringsversioner, der er godkendt af Rigsarkivet "
            "eller et stadsarkiv, herunder antal afleveringer og typisk tid fra udtræk til "
            "godkendelse."
        ),
        "purpose": "At mindske risikoen for dyre og forsinkede afleveringer.",
        "buyer_guidance": (
            "Vægt kriteriet lavt. Det skal især skelne mellem leverandører med og uden "
            "erfaring og må ikke udelukke nye leverandører."
        ),
        "verification": "Evaluering af beskrivelsen; eventuelt referencetjek hos arkivet.",
        "evidence": "Liste over godkendte afleveringer med arkiv og årstal.",
        "sources": ["Rigsarkivets bekendtgørelse om arkiveringsversioner"],
        "cost_note": "Ingen direkte merpris.",
    },
    {
        "key": "ARK-009",
        "category": "ARK-AFL",
        "kind": "minimum",
        "tags": ["arkiv", "drift"],
        "title": "Periodeafgrænset aflevering under drift",
        "text": (
            "Løsningen skal kunne afgrænse en arkiveringsversion til en bestemt periode, "
            "så data kan afleveres løbende, mens løsningen er i drift."
        ),
        "purpose": "Løbende aflevering undgår en stor og risikabel aflevering ved ophør.",
        "buyer_guidance": "Bruges, når arkivet ønsker aflevering med faste mellemrum.",
        "verification": "Testudtræk for en afgrænset periode i testmiljøet.",
        "evidence": "Testudtræk og arkivets kvittering.",
        "sources": ["Rigsarkivets bekendtgørelse om arkiveringsversioner"],
        "cost_note": "Typisk lav merpris, hvis ARK-007 allerede er opfyldt.",
    },
    # --- Informationssikkerhed ------------------------------------------------------------
    {
        "key": "SIK-001",
        "category": "SIK-ADG",
        "kind": "minimum",
        "tags": ["adgangsstyring", "personoplysninger"],
        "title": "Personligt login for alle brugere",
        "text": (
            "Løsningen skal kræve, at hver bruger logger ind med en personlig identitet. "
            "Fælles brugerkonti må ikke kunne give adgang til personoplysninger."
        ),
        "purpose": (
            "Uden personligt login kan kommunen ikke se, hvem der har set eller ændret hvad."
        ),
        "buyer_guidance": "Grundkrav; bør altid stilles, når løsningen rummer personoplysninger.",
        "verification": "Gennemgang af brugeradministrationen ved demonstrationen.",
        "evidence": "Beskrivelse af brugerstyringen.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32", "ISO/IEC 27001"],
        "cost_note": "Ingen merpris; standard i markedet.",
    },
    {
        "key": "SIK-002",
        "category": "SIK-ADG",
        "kind": "minimum",
        "tags": ["adgangsstyring"],
        "title": "Rollebaserede rettigheder",
        "text": (
            "Løsningen skal tildele rettigheder gennem roller, så hver bruger kun får adgang "
            "til de data og funktioner, som arbejdet kræver. "
            "Kommunen skal selv kunne oprette og ændre roller."
        ),
        "purpose": "Mindst mulig adgang begrænser skaden ved fejl og misbrug.",
        "buyer_guidance": (
            "Beskriv kommunens vigtigste roller i bilaget, fx sagsbehandler, leder og "
            "superbruger, så leverandøren kan vise, hvordan de opsættes."
        ),
        "verification": "Demonstration af oprettelse og ændring af en rolle.",
        "evidence": "Rollebeskrivelse og skærmbilleder fra administrationen.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 25 og 32", "ISO/IEC 27001"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "SIK-003",
        "category": "SIK-ADG",
        "kind": "minimum",
        "tags": ["adgangsstyring", "login"],
        "title": "Tofaktorlogin for administratorer og fjernadgang",
        "text": (
            "Løsningen skal kræve tofaktorlogin for administratorer og for al adgang uden for "
            "kommunens netværk, medmindre login sker via kommunens egen brugerstyring med "
            "tofaktorlogin."
        ),
        "purpose": "Stjålne adgangskoder er en af de hyppigste veje ind ved angreb.",
        "buyer_guidance": (
            "Koordinér med kravene om fælleskommunal adgangsstyring, så brugerne ikke skal "
            "bruge to forskellige løsninger til tofaktorlogin."
        ),
        "verification": "Test af login som administrator og fra et eksternt netværk.",
        "evidence": "Beskrivelse af loginløsningen.",
        "sources": [
            "ISO/IEC 27001",
            "Center for Cybersikkerhed: Cyberforsvar der virker",
            "NIS2-direktivet (EU) 2022/2555",
        ],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "SIK-004",
        "category": "SIK-ADG",
        "kind": "award",
        "tags": ["adgangsstyring"],
        "title": "Periodisk gennemgang af rettigheder",
        "text": (
            "Det vægtes positivt, at løsningen understøtter periodisk gennemgang af "
            "rettigheder med en liste over brugere og roller pr. leder, og at rettigheder kan "
            "fjernes direkte fra listen."
        ),
        "purpose": "Rettigheder hober sig op, når medarbejdere skifter job internt.",
        "buyer_guidance": "Relevant for systemer med mange brugere og følsomme oplysninger.",
        "verification": "Demonstration ved tilbudsevalueringen.",
        "evidence": "Skærmbilleder af gennemgangslisten.",
        "sources": ["ISO/IEC 27001"],
        "cost_note": "Kan øge prisen, hvis funktionen skal udvikles.",
    },
    {
        "key": "SIK-005",
        "category": "SIK-LOG",
        "kind": "minimum",
        "tags": ["logning", "personoplysninger"],
        "title": "Logning af opslag i personoplysninger",
        "text": (
            "Løsningen skal logge alle opslag i og ændringer af personoplysninger med bruger, "
            "tidspunkt, handling og den person, oplysningerne vedrører. "
            "Loggen skal opbevares i mindst 6 måneder og være beskyttet mod ændring."
        ),
        "purpose": (
            "Logning gør det muligt at opdage og undersøge uberettigede opslag, og den "
            "virker forebyggende."
        ),
        "buyer_guidance": (
            "Tilpas opbevaringstiden til kommunens sikkerhedspolitik. "
            "Husk, at loggen selv indeholder personoplysninger."
        ),
        "verification": "Test: slå en testperson op og find opslaget i loggen.",
        "evidence": "Logudtræk fra testen og beskrivelse af, hvordan loggen beskyttes.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32", "ISO/IEC 27002"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
        "change_note": (
            "Udvidet fra kun ændringer til også opslag. "
            "Opbevaringstid og beskyttelse af loggen er tilføjet."
        ),
        "versions": [
            {
                "title": "Logning af ændringer i personoplysninger",
                "text": "Løsningen skal logge ændringer i personoplysninger.",
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "SIK-006",
        "category": "SIK-LOG",
        "kind": "minimum",
        "tags": ["logning"],
        "title": "Kommunens egen søgning i loggen",
        "text": (
            "Løsningen skal give kommunen mulighed for selv at søge i loggen pr. bruger og "
            "pr. borger og at udtrække resultatet."
        ),
        "purpose": (
            "Kommunen skal kunne kontrollere misbrug og besvare borgeres spørgsmål uden at "
            "bestille et udtræk hos leverandøren."
        ),
        "buyer_guidance": "Giv kun få, udpegede medarbejdere adgang til at søge i loggen.",
        "verification": "Demonstration af søgning og udtræk.",
        "evidence": "Eksempel på udtræk fra testmiljøet.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32"],
        "cost_note": "Lav merpris.",
    },
    {
        "key": "SIK-007",
        "category": "SIK-LOG",
        "kind": "award",
        "tags": ["logning", "personoplysninger"],
        "title": "Advarsel ved usædvanlige opslag",
        "text": (
            "Det vægtes positivt, at løsningen automatisk gør opmærksom på usædvanlige "
            "opslag, fx mange opslag på kort tid eller opslag i personer uden tilknytning "
            "til brugerens sager."
        ),
        "purpose": "Manuel kontrol af store logmængder bliver sjældent gjort i praksis.",
        "buyer_guidance": (
            "Mest relevant for løsninger med følsomme oplysninger, fx social- og sundhedsområdet."
        ),
        "verification": "Demonstration med et konstrueret opslagsmønster.",
        "evidence": "Beskrivelse af reglerne for advarsler.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32"],
        "cost_note": "Kan øge prisen væsentligt for mindre leverandører.",
    },
    {
        "key": "SIK-008",
        "category": "SIK-KRY",
        "kind": "minimum",
        "tags": ["kryptering"],
        "title": "Kryptering i transit",
        "text": (
            "Løsningen skal kryptere al kommunikation med TLS 1.2 eller nyere, også "
            "integrationer og administrativ adgang."
        ),
        "purpose": "Data må ikke kunne aflyttes eller ændres undervejs.",
        "buyer_guidance": "Grundkrav, der bør stilles i alle udbud.",
        "verification": "Test af løsningens adresser med et værktøj til TLS-test.",
        "evidence": "Testresultat og liste over integrationer med deres protokol.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32", "ISO/IEC 27001"],
        "cost_note": "Ingen merpris; standard i markedet.",
    },
    {
        "key": "SIK-009",
        "category": "SIK-KRY",
        "kind": "minimum",
        "tags": ["kryptering", "backup"],
        "title": "Kryptering af data i hvile",
        "text": (
            "Løsningen skal kryptere data i hvile, herunder databaser, filer og backup. "
            "Leverandøren skal beskrive, hvordan krypteringsnøgler opbevares og udskiftes."
        ),
        "purpose": "Beskytter data, hvis diske, backup eller servere kommer på afveje.",
        "buyer_guidance": (
            "Overvej, om kommunen selv skal kunne styre nøglerne; det kan være dyrt og "
            "bør kun kræves ved særlig risiko."
        ),
        "verification": "Gennemgang af leverandørens beskrivelse og erklæring.",
        "evidence": "Beskrivelse af kryptering og nøglehåndtering.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32", "ISO/IEC 27002"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "SIK-010",
        "category": "SIK-BAK",
        "kind": "minimum",
        "tags": ["backup", "drift"],
        "title": "Daglig backup og årlig gendannelsestest",
        "text": (
            "Leverandøren skal tage backup mindst én gang i døgnet og opbevare en kopi fysisk "
            "adskilt fra produktionen. Gendannelse skal testes mindst én gang om året, og "
            "resultatet skal rapporteres til kommunen."
        ),
        "purpose": "En backup er kun noget værd, hvis den kan gendannes.",
        "buyer_guidance": "Bed om testrapporten hvert år som en del af kontraktopfølgningen.",
        "verification": "Gennemgang af den årlige testrapport.",
        "evidence": "Rapport fra gendannelsestest.",
        "sources": ["ISO/IEC 27002", "Databeskyttelsesforordningen (GDPR) art. 32"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "SIK-011",
        "category": "SIK-BAK",
        "kind": "minimum",
        "tags": ["backup", "beredskab"],
        "title": "Genetableringstid og maksimalt datatab",
        "text": (
            "Leverandøren skal ved et alvorligt nedbrud kunne genetablere løsningen inden for "
            "24 timer (RTO), og der må højst gå 4 timers registreringer tabt (RPO)."
        ),
        "purpose": "Giver kommunen et kendt grundlag for sin egen beredskabsplan.",
        "buyer_guidance": (
            "Tilpas tallene til forretningens behov. "
            "Kortere tider koster, så spørg, hvad et døgns nedbrud reelt betyder."
        ),
        "verification": "Gennemgang af leverandørens beredskabsplan og testresultater.",
        "evidence": "Beredskabsplan og rapport fra seneste beredskabstest.",
        "sources": ["ISO/IEC 27001", "NIS2-direktivet (EU) 2022/2555"],
        "cost_note": "Korte tider kan øge prisen væsentligt.",
    },
    {
        "key": "SIK-012",
        "category": "SIK-SAR",
        "kind": "minimum",
        "tags": ["sårbarheder"],
        "title": "Håndtering af sårbarheder",
        "text": (
            "Leverandøren skal løbende overvåge kendte sårbarheder i løsningen og dens "
            "komponenter og rette kritiske sårbarheder senest 14 dage efter, at en rettelse "
            "er tilgængelig. Kommunen skal underrettes om kritiske sårbarheder, der kan "
            "påvirke kommunens data."
        ),
        "purpose": "Kendte, urettede sårbarheder udnyttes ofte inden for få dage.",
        "buyer_guidance": (
            "Fristen bør stemme med leverandørens erklæring og jeres egne sikkerhedsregler."
        ),
        "verification": "Opfølgning i driftsrapporter og på statusmøder.",
        "evidence": "Procesbeskrivelse og oversigt over rettede sårbarheder.",
        "sources": ["ISO/IEC 27001", "NIS2-direktivet (EU) 2022/2555"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "SIK-013",
        "category": "SIK-SAR",
        "kind": "award",
        "tags": ["sårbarheder", "test"],
        "title": "Årlig uafhængig penetrationstest",
        "text": (
            "Det vægtes positivt, at leverandøren mindst én gang om året får foretaget en "
            "uafhængig penetrationstest og deler et resumé af resultatet og de aftalte "
            "rettelser med kommunen."
        ),
        "purpose": "En ekstern test finder fejl, som leverandørens egne test overser.",
        "buyer_guidance": "Særligt relevant for løsninger, der er tilgængelige fra internettet.",
        "verification": "Gennemgang af resumé fra seneste test.",
        "evidence": "Resumé af testrapport og handlingsplan.",
        "sources": ["ISO/IEC 27001"],
        "cost_note": "Kan øge prisen væsentligt for mindre leverandører.",
    },
    {
        "key": "SIK-014",
        "category": "SIK-ERK",
        "kind": "minimum",
        "tags": ["erklæringer"],
        "title": "Ledelsessystem for informationssikkerhed",
        "text": (
            "Leverandøren skal drive et ledelsessystem for informationssikkerhed efter "
            "ISO/IEC 27001 eller tilsvarende, som omfatter den leverede løsning. "
            "Leverandøren skal på forlangende dokumentere det med certifikat eller "
            "anvendelseserklæring."
        ),
        "purpose": "Sikkerheden skal være styret og løbende forbedret, ikke tilfældig.",
        "buyer_guidance": (
            "Kræv ikke certificering som mindstekrav, hvis det udelukker mindre leverandører; "
            "en revisorerklæring kan give samme tryghed."
        ),
        "verification": "Gennemgang af dokumentationen ved tilbudsevalueringen.",
        "evidence": "Certifikat eller anvendelseserklæring (Statement of Applicability).",
        "sources": ["ISO/IEC 27001"],
        "cost_note": "Kan øge prisen væsentligt for mindre leverandører uden certificering.",
        "change_note": "DS 484 er udgået; henvisningen er ændret til ISO/IEC 27001.",
        "versions": [
            {
                "title": "Informationssikkerhed efter DS 484",
                "text": (
                    "Leverandøren skal følge DS 484 eller en tilsvarende standard for "
                    "informationssikkerhed."
                ),
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "SIK-015",
        "category": "SIK-ERK",
        "kind": "minimum",
        "tags": ["erklæringer", "databehandling"],
        "title": "Årlig revisorerklæring (ISAE 3000 eller ISAE 3402), type 2",
        "text": (
            "Leverandøren skal hvert år uden beregning fremlægge en uafhængig revisorerklæring "
            "af typen ISAE 3000 eller ISAE 3402, type 2, der dækker informationssikkerheden "
            "og behandlingen af personoplysninger i den leverede løsning."
        ),
        "purpose": (
            "Erklæringen er kommunens vigtigste grundlag for tilsynet med leverandøren "
            "som databehandler."
        ),
        "buyer_guidance": (
            "Læs erklæringen, når den kommer, især revisors forbehold og afvigelser, "
            "og notér næste tilsynsdato på databehandleraftalen."
        ),
        "verification": "Gennemgang af erklæringen hvert år.",
        "evidence": "Revisorerklæring, højst 12 måneder gammel.",
        "sources": [
            "Databeskyttelsesforordningen (GDPR) art. 28",
            "ISAE 3000",
            "ISAE 3402",
        ],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
        "change_note": (
            "Skærpet fra type 1 til type 2, så erklæringen også vurderer, om kontrollerne "
            "har virket i hele perioden."
        ),
        "versions": [
            {
                "title": "Årlig revisorerklæring (ISAE 3000 eller ISAE 3402), type 1",
                "text": (
                    "Leverandøren skal hvert år fremlægge en revisorerklæring af typen "
                    "ISAE 3000 eller ISAE 3402, type 1."
                ),
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "SIK-016",
        "category": "SIK-ERK",
        "kind": "award",
        "tags": ["erklæringer"],
        "title": "D-mærket eller tilsvarende",
        "text": (
            "Det vægtes positivt, at leverandøren har D-mærket eller kan dokumentere et "
            "tilsvarende niveau for it-sikkerhed og ansvarlig brug af data."
        ),
        "purpose": "Synliggør leverandørens arbejde med både sikkerhed og dataetik.",
        "buyer_guidance": "Vægt kriteriet lavt, og acceptér tilsvarende dokumentation.",
        "verification": "Gennemgang af dokumentationen.",
        "evidence": "Bevis for D-mærket eller tilsvarende dokumentation.",
        "sources": ["D-mærket"],
        "cost_note": "Ingen direkte merpris.",
    },
    {
        "key": "SIK-017",
        "category": "SIK-DBA",
        "kind": "minimum",
        "tags": ["databehandling", "personoplysninger"],
        "title": "Databehandleraftale",
        "text": (
            "Leverandøren skal indgå kommunens databehandleraftale, før behandlingen af "
            "personoplysninger begynder. Underdatabehandlere må kun bruges efter kommunens "
            "forudgående skriftlige godkendelse."
        ),
        "purpose": (
            "Kommunen er dataansvarlig og skal have en aftale, der opfylder "
            "databeskyttelsesforordningen."
        ),
        "buyer_guidance": (
            "Brug kommunens standardaftale som bilag, og registrér aftalen og dens "
            "tilsynsinterval sammen med kontrakten."
        ),
        "verification": "Underskrevet aftale før idriftsættelse.",
        "evidence": "Underskrevet databehandleraftale med liste over underdatabehandlere.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 28", "Databeskyttelsesloven"],
        "cost_note": "Ingen merpris; standard i markedet.",
        "change_note": (
            "Opdateret fra persondataloven til databeskyttelsesforordningen, der gælder fra "
            "25. maj 2018. Krav om godkendelse af underdatabehandlere er tilføjet."
        ),
        "versions": [
            {
                "title": "Databehandleraftale efter persondataloven",
                "text": "Leverandøren skal indgå en databehandleraftale efter persondataloven.",
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "SIK-018",
        "category": "SIK-DBA",
        "kind": "information",
        "tags": ["databehandling"],
        "title": "Behandlingssted og overførsel til tredjelande",
        "text": (
            "Leverandøren skal oplyse, i hvilke lande data opbevares og kan tilgås fra, også "
            "ved support og hos underdatabehandlere. Ved overførsel til lande uden for EU/EØS "
            "skal grundlaget for overførslen oplyses."
        ),
        "purpose": "Overførsel til tredjelande kræver et gyldigt grundlag og ofte en vurdering.",
        "buyer_guidance": (
            "Oplysningen evalueres ikke, men kan udløse krav til databehandleraftalen. "
            "Inddrag kommunens databeskyttelsesrådgiver."
        ),
        "verification": "Gennemgang af oplysningerne ved kontraktindgåelsen.",
        "evidence": "Oversigt over behandlingssteder og overførselsgrundlag.",
        "sources": ["Databeskyttelsesforordningen (GDPR) kapitel V"],
        "cost_note": "",
    },
    {
        "key": "SIK-019",
        "category": "SIK-DBA",
        "kind": "minimum",
        "tags": ["databehandling", "beredskab"],
        "title": "Underretning ved brud på persondatasikkerheden",
        "text": (
            "Leverandøren skal underrette kommunen uden unødig forsinkelse og senest 24 timer "
            "efter at være blevet opmærksom på et brud på persondatasikkerheden, så kommunen "
            "kan anmelde bruddet til Datatilsynet inden for 72 timer."
        ),
        "purpose": "Kommunens frist for anmeldelse løber fra det tidspunkt, bruddet opdages.",
        "buyer_guidance": "Sørg for, at leverandøren har en opdateret kontakt hos kommunen.",
        "verification": "Gennemgang af leverandørens procedure for håndtering af brud.",
        "evidence": "Procedure og kontaktliste.",
        "sources": [
            "Databeskyttelsesforordningen (GDPR) art. 33",
            "Databeskyttelsesforordningen (GDPR) art. 28",
        ],
        "cost_note": "Ingen merpris; standard i markedet.",
    },
    {
        "key": "SIK-020",
        "category": "SIK-DBA",
        "kind": "award",
        "tags": ["databehandling", "erklæringer"],
        "title": "Kommunens tilsyn med databehandleren",
        "text": (
            "Beskriv, hvordan kommunen kan føre tilsyn med jer som databehandler, herunder "
            "hvilke erklæringer, rapporter og møder I tilbyder uden merbetaling."
        ),
        "purpose": "Et let og fast tilsyn gør det realistisk for kommunen at følge op.",
        "buyer_guidance": (
            "Vurdér, om tilbuddet passer til kommunens tilsynsmodel, fx årlig erklæring "
            "suppleret med et statusmøde."
        ),
        "verification": "Evaluering af beskrivelsen.",
        "evidence": "Beskrivelse af tilsynsmodellen.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 28"],
        "cost_note": "Typisk lav merpris.",
    },
    # --- Mobile løsninger -----------------------------------------------------------------
    {
        "key": "MOB-001",
        "category": "MOB-WEB",
        "kind": "minimum",
        "tags": ["mobil"],
        "title": "Responsivt design",
        "text": (
            "Løsningen skal have et responsivt design, så alle funktioner for slutbrugere kan "
            "anvendes på smartphone, tablet og pc i de aktuelle versioner af de udbredte "
            "browsere, uden at der skal installeres programmer."
        ),
        "purpose": "Medarbejdere og borgere bruger forskellige enheder i løbet af dagen.",
        "buyer_guidance": (
            "Administrative funktioner kan undtages, hvis de kun bruges på pc. "
            "Skriv i så fald hvilke."
        ),
        "verification": "Test på de enheder og browsere, kommunen bruger.",
        "evidence": "Testprotokol med enheder og browsere.",
        "sources": ["WCAG 2.1 AA"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
        "change_note": (
            "Udvidet fra én bestemt tablet til responsivt design på alle typer enheder, så "
            "kommunen ikke er bundet til én producent."
        ),
        "versions": [
            {
                "title": "Understøttelse af tablets",
                "text": "Løsningen skal kunne anvendes på iPad.",
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "MOB-002",
        "category": "MOB-APP",
        "kind": "minimum",
        "tags": ["app", "mobil"],
        "title": "Apps til iOS og Android",
        "text": (
            "Leverandøren skal udgive løsningens apps til iOS og Android, enten i de officielle "
            "app-butikker eller til fordeling via kommunens MDM-løsning. Apps skal understøtte "
            "de to seneste hovedversioner af styresystemerne."
        ),
        "purpose": "Kommunen skal ikke binde sig til én type telefon.",
        "buyer_guidance": "Udelad kravet, hvis en responsiv webløsning er nok.",
        "verification": "Installation og test på kommunens enheder.",
        "evidence": "Links til apps eller installationspakker og understøttede versioner.",
        "sources": ["Lov om tilgængelighed af offentlige organers websteder og mobilapplikationer"],
        "cost_note": "Kan øge prisen væsentligt, hvis leverandøren kun har én platform.",
    },
    {
        "key": "MOB-003",
        "category": "MOB-APP",
        "kind": "award",
        "tags": ["app", "offline"],
        "title": "Registrering uden netforbindelse",
        "text": (
            "Det vægtes positivt, at medarbejdere kan registrere i appen uden netforbindelse, "
            "og at registreringerne synkroniseres automatisk, når forbindelsen er tilbage. "
            "Beskriv, hvordan I håndterer konflikter mellem samtidige ændringer."
        ),
        "purpose": "Hjemmepleje og tekniske medarbejdere arbejder ofte, hvor dækningen er dårlig.",
        "buyer_guidance": (
            "Kan ikke kombineres med MOB-004. "
            "Offline brug kræver kryptering og fjernsletning af lokale data (MOB-006)."
        ),
        "verification": "Demonstration i flytilstand med efterfølgende synkronisering.",
        "evidence": "Beskrivelse af synkronisering og konflikthåndtering.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32"],
        "cost_note": "Kan øge prisen væsentligt for mindre leverandører.",
    },
    {
        "key": "MOB-004",
        "category": "MOB-APP",
        "kind": "minimum",
        "tags": ["app", "personoplysninger"],
        "title": "Ingen personoplysninger gemt på enheden",
        "text": (
            "Appen skal slette personoplysninger på enheden, når sessionen afsluttes, og må "
            "ikke gemme dem i enhedens almindelige fillager eller i sikkerhedskopier."
        ),
        "purpose": "Mistede telefoner må ikke blive til brud på persondatasikkerheden.",
        "buyer_guidance": "Vælg enten dette krav eller MOB-003 om offline brug.",
        "verification": "Test: afslut session og undersøg enhedens lager.",
        "evidence": "Beskrivelse af appens datalagring.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32"],
        "cost_note": "Typisk ingen merpris.",
    },
    {
        "key": "MOB-005",
        "category": "MOB-MDM",
        "kind": "minimum",
        "tags": ["mdm", "app"],
        "title": "Udrulning og konfiguration via MDM",
        "text": (
            "Løsningens apps skal kunne installeres, konfigureres og fjernes via kommunens "
            "MDM-løsning. Konfigurationen skal kunne sendes centralt, så brugeren ikke selv "
            "skal indtaste serveradresser eller lignende."
        ),
        "purpose": "Kommunen skal kunne udrulle til hundredvis af enheder uden manuelt arbejde.",
        "buyer_guidance": "Oplys, hvilken MDM-løsning kommunen bruger.",
        "verification": "Test af udrulning til testenheder via kommunens MDM-løsning.",
        "evidence": "Vejledning i MDM-opsætning.",
        "sources": ["ISO/IEC 27002"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "MOB-006",
        "category": "MOB-MDM",
        "kind": "minimum",
        "tags": ["mdm", "kryptering"],
        "title": "Kryptering og fjernsletning af lokale data",
        "text": (
            "Løsningen skal kryptere data, som appen gemmer på enheden, og data skal kunne "
            "slettes via kommunens MDM-løsning, hvis enheden mistes."
        ),
        "purpose": "Begrænser skaden, når en enhed med lokale data bliver væk.",
        "buyer_guidance": "Stilles altid, når appen må gemme data lokalt.",
        "verification": "Test af fjernsletning på en testenhed.",
        "evidence": "Beskrivelse af kryptering og testresultat.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 32", "ISO/IEC 27002"],
        "cost_note": "Typisk lav merpris.",
    },
    # --- Integration og arkitektur ----------------------------------------------------------
    {
        "key": "INT-001",
        "category": "INT-ARK",
        "kind": "minimum",
        "tags": ["fælleskommunal", "fællesoffentlig"],
        "title": "Principper i den fælleskommunale rammearkitektur",
        "text": (
            "Løsningen skal følge principperne i den fælleskommunale rammearkitektur og "
            "Fællesoffentlig digital arkitektur, herunder at data hentes fra den autoritative "
            "kilde frem for at blive kopieret og vedligeholdt i løsningen."
        ),
        "purpose": "Færre kopier giver færre fejl og lettere udskiftning af systemer.",
        "buyer_guidance": (
            "Brug kravet som udgangspunkt, men forhold jer kritisk: skriv de konkrete "
            "støttesystemer og registre ind i de følgende krav."
        ),
        "verification": "Gennemgang af arkitekturbeskrivelsen (INT-002).",
        "evidence": "Arkitekturbeskrivelse.",
        "sources": [
            "Den fælleskommunale rammearkitektur",
            "Fællesoffentlig digital arkitektur (FDA)",
        ],
        "cost_note": "Afhænger af løsningen; spørg i markedsdialogen.",
    },
    {
        "key": "INT-002",
        "category": "INT-ARK",
        "kind": "information",
        "tags": ["fælleskommunal"],
        "title": "Arkitekturbeskrivelse",
        "text": (
            "Beskriv løsningens arkitektur med komponenter, integrationer og dataflow, så "
            "kommunen kan vurdere, hvordan løsningen passer ind i kommunens it-landskab."
        ),
        "purpose": "Giver it-arkitekten grundlag for at vurdere integrationer og risici.",
        "buyer_guidance": "Bed om en kort beskrivelse; højst et par sider og én tegning.",
        "verification": "Gennemgang ved kommunens it-arkitekt.",
        "evidence": "Arkitekturbeskrivelse med diagram.",
        "sources": ["Fællesoffentlig digital arkitektur (FDA)"],
        "cost_note": "",
    },
    {
        "key": "INT-003",
        "category": "INT-FKS",
        "kind": "minimum",
        "tags": ["støttesystemer", "grunddata", "fælleskommunal"],
        "title": "Registeropslag via Serviceplatformen",
        "text": (
            "Løsningen skal hente data fra fællesoffentlige registre, fx CPR og CVR, via "
            "Serviceplatformen, når kommunen har adgang til dem dér. Direkte integrationer "
            "til registrene må kun bruges efter aftale med kommunen."
        ),
        "purpose": "Kommunen genbruger sine aftaler og undgår dobbelte integrationer.",
        "buyer_guidance": "Angiv, hvilke registre løsningen skal bruge.",
        "verification": "Test af opslag i testmiljøet mod Serviceplatformens testmiljø.",
        "evidence": "Liste over anvendte tjenester og testresultat.",
        "sources": ["Den fælleskommunale rammearkitektur", "KOMBIT: Serviceplatformen"],
        "cost_note": "Typisk lav merpris for leverandører med erfaring fra kommunerne.",
        "change_note": (
            "Ændret fra direkte CPR-integration til Serviceplatformen, så kommunen genbruger "
            "sine aftaler og undgår dobbelte integrationer."
        ),
        "versions": [
            {
                "title": "Opslag i CPR",
                "text": (
                    "Løsningen skal kunne hente CPR-oplysninger via en direkte integration "
                    "til CPR-registret."
                ),
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "INT-004",
        "category": "INT-FKS",
        "kind": "minimum",
        "tags": ["støttesystemer", "fælleskommunal"],
        "title": "Indeksering i Sags- og Dokumentindekset",
        "text": (
            "Løsningen skal indeksere sager og dokumenter i Sags- og Dokumentindekset, så de "
            "kan findes på tværs af kommunens fagsystemer."
        ),
        "purpose": "Medarbejdere kan se borgerens sager uden at logge ind i hvert system.",
        "buyer_guidance": "Relevant for fagsystemer med sager om borgere eller virksomheder.",
        "verification": "Test af indeksering mod støttesystemets testmiljø.",
        "evidence": "Testresultat og integrationsbeskrivelse.",
        "sources": ["KOMBIT: de fælleskommunale støttesystemer"],
        "cost_note": "Kan øge prisen for leverandører uden erfaring med støttesystemerne.",
    },
    {
        "key": "INT-005",
        "category": "INT-FKS",
        "kind": "minimum",
        "tags": ["støttesystemer", "journalisering"],
        "title": "KLE fra støttesystemet Klassifikation",
        "text": (
            "Løsningen skal bruge KLE-emner og -facetter fra støttesystemet Klassifikation, så "
            "klassifikationen er ens på tværs af kommunens systemer."
        ),
        "purpose": "Ens klassifikation gør sager sammenlignelige og lettere at finde.",
        "buyer_guidance": "Stilles sammen med kravene om journalisering.",
        "verification": "Test af opdatering, når KLE ændres.",
        "evidence": "Integrationsbeskrivelse.",
        "sources": [
            "KLE (Kommunernes Landsforenings Emnesystematik)",
            "KOMBIT: de fælleskommunale støttesystemer",
        ],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "INT-006",
        "category": "INT-FKS",
        "kind": "minimum",
        "tags": ["støttesystemer", "adgangsstyring"],
        "title": "Organisationsdata fra støttesystemet Organisation",
        "text": (
            "Løsningen skal hente kommunens organisation, medarbejdere og deres tilknytning fra "
            "støttesystemet Organisation i stedet for at vedligeholde dem manuelt."
        ),
        "purpose": "Ændringer i organisationen slår igennem uden dobbeltarbejde.",
        "buyer_guidance": "Tjek, at kommunens egne organisationsdata er opdaterede.",
        "verification": "Test af synkronisering ved en organisationsændring.",
        "evidence": "Integrationsbeskrivelse og testresultat.",
        "sources": ["KOMBIT: de fælleskommunale støttesystemer"],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "INT-007",
        "category": "INT-FKS",
        "kind": "award",
        "tags": ["støttesystemer"],
        "title": "Registrering i Ydelsesindekset",
        "text": (
            "Det vægtes positivt, at løsningen registrerer tildelte ydelser i Ydelsesindekset, "
            "så borgerens samlede ydelser kan ses på tværs af kommunens systemer."
        ),
        "purpose": "Giver overblik over borgerens ydelser og understøtter helhedsorienteret hjælp.",
        "buyer_guidance": "Relevant for løsninger, der tildeler ydelser til borgere.",
        "verification": "Demonstration eller reference fra en anden kommune.",
        "evidence": "Integrationsbeskrivelse.",
        "sources": ["KOMBIT: de fælleskommunale støttesystemer"],
        "cost_note": "Kan øge prisen for leverandører uden erfaring med støttesystemerne.",
    },
    {
        "key": "INT-008",
        "category": "INT-ADG",
        "kind": "minimum",
        "tags": ["adgangsstyring", "login", "fælleskommunal"],
        "title": "Medarbejderlogin via Fælleskommunal Adgangsstyring",
        "text": (
            "Løsningen skal understøtte login og rettighedsstyring via Fælleskommunal "
            "Adgangsstyring for brugere, så medarbejdere bruger kommunens eget login, og roller "
            "tildeles i kommunens brugerstyring."
        ),
        "purpose": "Én brugerstyring gør det let at fjerne adgang, når en medarbejder stopper.",
        "buyer_guidance": "Afklar, om kommunen allerede bruger løsningen til andre systemer.",
        "verification": "Test af login og rolletildeling i testmiljøet.",
        "evidence": "Testresultat og liste over løsningens roller.",
        "sources": ["KOMBIT: Fælleskommunal Adgangsstyring", "Den fælleskommunale rammearkitektur"],
        "cost_note": "Typisk lav merpris for leverandører med erfaring fra kommunerne.",
    },
    {
        "key": "INT-009",
        "category": "INT-ADG",
        "kind": "minimum",
        "tags": ["login"],
        "title": "Borgerlogin med NemID",
        "text": "Løsningen skal lade borgere logge ind med NemID via NemLog-in.",
        "purpose": "Sikker identifikation af borgere i selvbetjening.",
        "buyer_guidance": "Udgået: NemID er lukket og afløst af MitID. Brug INT-010 i nye udbud.",
        "verification": "Test af login i testmiljøet.",
        "evidence": "Testresultat.",
        "sources": ["NemLog-in (Digitaliseringsstyrelsen)"],
        "cost_note": "",
    },
    {
        "key": "INT-010",
        "category": "INT-ADG",
        "kind": "minimum",
        "tags": ["login", "fællesoffentlig"],
        "title": "Borgerlogin med MitID via NemLog-in",
        "text": (
            "Løsningen skal lade borgere og virksomheder logge ind med MitID og MitID Erhverv "
            "via NemLog-in på det sikringsniveau, som kommunen fastsætter."
        ),
        "purpose": "Sikker identifikation af borgere og virksomheder i selvbetjening.",
        "buyer_guidance": "Fastsæt sikringsniveauet ud fra, hvor følsomme oplysningerne er.",
        "verification": "Test af login i NemLog-ins testmiljø.",
        "evidence": "Testresultat.",
        "sources": [
            "NemLog-in (Digitaliseringsstyrelsen)",
            "National Standard for Identiteters Sikringsniveauer (NSIS)",
        ],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "INT-011",
        "category": "INT-API",
        "kind": "minimum",
        "tags": ["api"],
        "title": "Dokumenterede REST-API'er",
        "text": (
            "Løsningen skal stille dokumenterede REST-API'er til rådighed for læsning og "
            "skrivning af kommunens data. Dokumentationen skal være tilgængelig for kommunen "
            "og de leverandører, kommunen udpeger, uden særskilt betaling."
        ),
        "purpose": "Kommunen skal kunne bruge sine egne data i andre systemer.",
        "buyer_guidance": "Skriv, hvilke data der som minimum skal kunne læses og skrives.",
        "verification": "Gennemgang af dokumentationen og test af udvalgte kald.",
        "evidence": "API-dokumentation.",
        "sources": ["Fællesoffentlig digital arkitektur (FDA)"],
        "cost_note": "Kan øge prisen for ældre løsninger uden API'er.",
    },
    {
        "key": "INT-012",
        "category": "INT-API",
        "kind": "minimum",
        "tags": ["api"],
        "title": "OpenAPI-beskrivelse og varsling af ændringer",
        "text": (
            "Leverandøren skal beskrive alle API'er i OpenAPI 3 og varsle ændringer, der ikke "
            "er bagudkompatible, mindst 3 måneder før en ældre API-version udfases."
        ),
        "purpose": "Andre leverandører kan bygge integrationer uden at gætte.",
        "buyer_guidance": "Kræv længere varsel, hvis mange systemer afhænger af API'et.",
        "verification": "Validering af OpenAPI-filen.",
        "evidence": "OpenAPI-fil og versionspolitik.",
        "sources": ["OpenAPI Specification 3"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "INT-013",
        "category": "INT-API",
        "kind": "award",
        "tags": ["api", "hændelser"],
        "title": "Hændelser ved ændringer i data",
        "text": (
            "Det vægtes positivt, at løsningen udsender hændelser, når centrale data ændres, "
            "fx via Fælleskommunal Beskedfordeler eller webhooks, så andre systemer ikke skal "
            "spørge løbende."
        ),
        "purpose": "Hændelser giver hurtigere opdatering og mindre belastning end hyppige opslag.",
        "buyer_guidance": "Relevant, når flere systemer skal reagere på de samme ændringer.",
        "verification": "Demonstration af en hændelse fra ændring til modtagelse.",
        "evidence": "Beskrivelse af hændelsestyper og format.",
        "sources": [
            "KOMBIT: de fælleskommunale støttesystemer",
            "Den fælleskommunale rammearkitektur",
        ],
        "cost_note": "Kan øge prisen væsentligt for mindre leverandører.",
    },
    {
        "key": "INT-014",
        "category": "INT-GRD",
        "kind": "minimum",
        "tags": ["grunddata", "fællesoffentlig"],
        "title": "Grunddata fra Datafordeleren",
        "text": (
            "Løsningen skal bruge grunddata som adresser, matrikler og bygninger fra "
            "Datafordeleren og holde dem opdaterede frem for at vedligeholde egne kopier."
        ),
        "purpose": "Alle systemer bruger de samme, korrekte grunddata.",
        "buyer_guidance": "Skriv, hvilke grunddata løsningen har brug for.",
        "verification": "Test af opdatering, når en adresse ændres.",
        "evidence": "Integrationsbeskrivelse.",
        "sources": ["Datafordeleren", "Fællesoffentlig digital arkitektur (FDA)"],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "INT-015",
        "category": "INT-GRD",
        "kind": "award",
        "tags": ["fællesoffentlig"],
        "title": "Fællesoffentlige begreber i datamodellen",
        "text": (
            "Det vægtes positivt, at løsningens datamodel bruger fællesoffentlige begreber og "
            "regler for datamodellering, så data kan udveksles uden oversættelse."
        ),
        "purpose": "Fælles begreber gør integrationer billigere og data lettere at genbruge.",
        "buyer_guidance": "Vægt kriteriet lavt; det er svært at vurdere præcist.",
        "verification": "Gennemgang af datamodellen.",
        "evidence": "Datamodel med henvisning til anvendte begreber.",
        "sources": ["Fællesoffentlig digital arkitektur (FDA)"],
        "cost_note": "Ingen direkte merpris.",
    },
    # --- Data og exit -------------------------------------------------------------------------
    {
        "key": "DAT-001",
        "category": "DAT-UDL",
        "kind": "minimum",
        "tags": ["dataudlevering", "exit"],
        "title": "Dataudlevering i åbent format",
        "text": (
            "Leverandøren skal ved ophør og på kommunens anmodning i kontraktperioden udlevere "
            "alle kommunens data, dokumenter og logfiler i et åbent, dokumenteret format, fx "
            "CSV, JSON eller XML, med en beskrivelse af datastrukturen."
        ),
        "purpose": "Kommunen ejer sine data og skal kunne skifte leverandør.",
        "buyer_guidance": (
            "Bed om et prøveudtræk tidligt i kontrakten; det afslører problemer, mens der er "
            "tid til at løse dem."
        ),
        "verification": "Prøveudtræk i kontraktperioden.",
        "evidence": "Prøveudtræk og beskrivelse af datastrukturen.",
        "sources": [
            "Databeskyttelsesforordningen (GDPR) art. 28",
            "Digitaliseringsstyrelsens standardkontrakter (K01-K04)",
        ],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
        "change_note": (
            "Udvidet til også at gælde i kontraktperioden og til dokumenter og logfiler. "
            "Krav om beskrivelse af datastrukturen er tilføjet."
        ),
        "versions": [
            {
                "title": "Udlevering af data ved ophør",
                "text": (
                    "Ved ophør skal leverandøren udlevere kommunens data i CSV- eller Excel-format."
                ),
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "DAT-002",
        "category": "DAT-UDL",
        "kind": "minimum",
        "tags": ["dataudlevering", "økonomi"],
        "title": "Dataudlevering ved ophør uden beregning",
        "text": (
            "Leverandøren skal foretage én fuld dataudlevering ved ophør uden beregning. "
            "Yderligere udleveringer afregnes efter kontraktens timepriser."
        ),
        "purpose": "Prisen for at komme ud må ikke blive en hindring for at skifte.",
        "buyer_guidance": "Tjek, at timepriserne i kontrakten også dækker exitarbejde.",
        "verification": "Kontrol af kontraktens prisbilag.",
        "evidence": "Prisbilag.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Indregnes typisk i den samlede pris.",
    },
    {
        "key": "DAT-003",
        "category": "DAT-EXI",
        "kind": "minimum",
        "tags": ["exit"],
        "title": "Exitplan",
        "text": (
            "Leverandøren skal senest 3 måneder efter idriftsættelse levere en exitplan, der "
            "beskriver, hvordan data, dokumentation og viden overdrages til kommunen eller en "
            "ny leverandør. Planen skal opdateres mindst én gang om året."
        ),
        "purpose": "Få kommuner har en exitstrategi, og det gør skift dyre og langsomme.",
        "buyer_guidance": "Sæt exitplanen på dagsordenen på det årlige kontraktmøde.",
        "verification": "Modtagelse og gennemgang af planen.",
        "evidence": "Godkendt exitplan.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "DAT-004",
        "category": "DAT-EXI",
        "kind": "minimum",
        "tags": ["exit"],
        "title": "Samarbejde med ny leverandør",
        "text": (
            "Leverandøren skal i en overgangsperiode samarbejde loyalt med kommunen og en ny "
            "leverandør, herunder deltage i møder, besvare spørgsmål om data og gennemføre "
            "prøveudtræk."
        ),
        "purpose": "En god overgang kræver, at den gamle leverandør deltager aktivt.",
        "buyer_guidance": "Fastsæt overgangsperiodens længde og timepris i kontrakten.",
        "verification": "Opfølgning ved ophør.",
        "evidence": "Mødereferater og gennemførte prøveudtræk.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Afregnes typisk efter timepris.",
    },
    {
        "key": "DAT-005",
        "category": "DAT-EXI",
        "kind": "award",
        "tags": ["exit", "dataudlevering"],
        "title": "Erfaring med overdragelse",
        "text": (
            "Beskriv, hvordan I sikrer, at en ny leverandør kan indlæse kommunens data, og "
            "giv et eksempel på en overdragelse, I har gennemført."
        ),
        "purpose": "Viser, om leverandøren har gjort det før, og hvad det kræver.",
        "buyer_guidance": "Vægt kriteriet lavt; det skal supplere de konkrete exitkrav.",
        "verification": "Evaluering af beskrivelsen.",
        "evidence": "Beskrivelse og eventuel reference.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Ingen direkte merpris.",
    },
    {
        "key": "DAT-006",
        "category": "DAT-SLE",
        "kind": "minimum",
        "tags": ["sletning", "exit", "databehandling"],
        "title": "Sletning senest 30 dage efter ophør",
        "text": (
            "Leverandøren skal slette alle kommunens data, også i backup, senest 30 dage efter "
            "kontraktens ophør og dokumentere sletningen skriftligt."
        ),
        "purpose": "Kommunens data må ikke blive liggende hos en tidligere leverandør.",
        "buyer_guidance": (
            "Kan ikke kombineres med DAT-007. "
            "Sørg for, at dataudleveringen er godkendt, før fristen løber ud."
        ),
        "verification": "Modtagelse af skriftlig dokumentation for sletning.",
        "evidence": "Sletteerklæring.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 28"],
        "cost_note": "Ingen merpris; standard i markedet.",
    },
    {
        "key": "DAT-007",
        "category": "DAT-SLE",
        "kind": "minimum",
        "tags": ["sletning", "exit"],
        "title": "Opbevaring i overgangsperiode efter ophør",
        "text": (
            "Leverandøren skal opbevare en kopi af kommunens data i op til 6 måneder efter "
            "ophør og på anmodning udlevere oplysninger fra den, så kommunen kan finde data "
            "under overgangen til en ny løsning."
        ),
        "purpose": "Giver tryghed, hvis noget mangler i den nye løsning.",
        "buyer_guidance": (
            "Kan ikke kombineres med DAT-006. Husk at regulere opbevaringen i databehandleraftalen."
        ),
        "verification": "Opfølgning ved ophør.",
        "evidence": "Aftale om opbevaring og efterfølgende sletteerklæring.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 28"],
        "cost_note": "Typisk en mindre månedlig betaling i perioden.",
    },
    {
        "key": "DAT-008",
        "category": "DAT-SLE",
        "kind": "minimum",
        "tags": ["sletning", "personoplysninger"],
        "title": "Sletning af oplysninger om en enkelt person",
        "text": (
            "Løsningen skal kunne slette eller anonymisere oplysninger om en enkelt person, "
            "når kommunen beslutter det, uden at det påvirker data om andre."
        ),
        "purpose": "Kommunen skal kunne efterleve retten til sletning, når den gælder.",
        "buyer_guidance": "Bevaringsværdige data må ikke slettes før aflevering til arkiv.",
        "verification": "Test i testmiljøet.",
        "evidence": "Testprotokol.",
        "sources": ["Databeskyttelsesforordningen (GDPR) art. 17"],
        "cost_note": "Kan øge prisen, hvis løsningen ikke allerede understøtter det.",
    },
    # --- Tilgængelighed -----------------------------------------------------------------------
    {
        "key": "TIL-001",
        "category": "TIL-WEB",
        "kind": "minimum",
        "tags": ["tilgængelighed"],
        "title": "WCAG 2.1 niveau AA",
        "text": (
            "Løsningens brugerflader for borgere og medarbejdere skal overholde WCAG 2.1 "
            "niveau AA, også i apps."
        ),
        "purpose": (
            "Offentlige organers websteder og apps skal være tilgængelige, og mange brugere "
            "har behov for det."
        ),
        "buyer_guidance": (
            "Loven omfatter offentlige organers websteder og apps og i et vist omfang også "
            "intranet og ekstranet. Stil kravet til alle brugerflader, så også medarbejdere "
            "med handicap kan bruge løsningen."
        ),
        "verification": "Tilgængelighedstest ved overtagelsesprøven.",
        "evidence": "Testrapport med de testede sider og fund.",
        "sources": [
            "WCAG 2.1 AA",
            "EN 301 549",
            "Lov om tilgængelighed af offentlige organers websteder og mobilapplikationer",
        ],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
        "change_note": (
            "Opdateret fra WCAG 2.0 til WCAG 2.1, som er grundlaget for den harmoniserede "
            "standard EN 301 549 og loven om webtilgængelighed."
        ),
        "versions": [
            {
                "title": "WCAG 2.0 niveau AA",
                "text": "Løsningens websider skal overholde WCAG 2.0 niveau AA.",
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "TIL-002",
        "category": "TIL-ERK",
        "kind": "minimum",
        "tags": ["tilgængelighed"],
        "title": "Oplysninger til tilgængelighedserklæringen",
        "text": (
            "Leverandøren skal levere de oplysninger om løsningens tilgængelighed, som "
            "kommunen skal bruge til sin tilgængelighedserklæring, herunder en liste over "
            "kendte fejl og en plan for at rette dem."
        ),
        "purpose": "Kommunen skal offentliggøre og vedligeholde en tilgængelighedserklæring.",
        "buyer_guidance": "Bed om en opdatering ved hver større ny version.",
        "verification": "Modtagelse af oplysningerne før idriftsættelse.",
        "evidence": "Liste over kendte fejl og plan for rettelser.",
        "sources": [
            "Lov om tilgængelighed af offentlige organers websteder og mobilapplikationer",
            "Digitaliseringsstyrelsens vejledning om webtilgængelighed",
        ],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "TIL-003",
        "category": "TIL-WEB",
        "kind": "minimum",
        "tags": ["tilgængelighed", "test"],
        "title": "Tilgængelighedstest af nye versioner",
        "text": (
            "Leverandøren skal teste tilgængeligheden af nye versioner, før de sættes i drift, "
            "både med automatiske værktøjer og manuelt med tastatur og skærmlæser."
        ),
        "purpose": "Tilgængelighed går let tabt, når løsningen videreudvikles.",
        "buyer_guidance": "Bed om testresultatet sammen med udgivelsesnoterne.",
        "verification": "Stikprøver af testresultater.",
        "evidence": "Testrapport pr. version.",
        "sources": ["WCAG 2.1 AA", "EN 301 549"],
        "cost_note": "Kan øge prisen for mindre leverandører.",
    },
    {
        "key": "TIL-004",
        "category": "TIL-WEB",
        "kind": "award",
        "tags": ["tilgængelighed", "brugervenlighed"],
        "title": "Test med brugere med handicap",
        "text": (
            "Det vægtes positivt, at leverandøren tester løsningen med brugere med forskellige "
            "handicap, fx blinde, svagtseende og brugere med kognitive udfordringer."
        ),
        "purpose": "Automatiske test finder kun en del af problemerne.",
        "buyer_guidance": "Særligt relevant for selvbetjening, som mange borgere skal bruge.",
        "verification": "Evaluering af beskrivelse og eksempler.",
        "evidence": "Resumé af seneste brugertest.",
        "sources": ["WCAG 2.1 AA"],
        "cost_note": "Kan øge prisen væsentligt for mindre leverandører.",
    },
    {
        "key": "TIL-005",
        "category": "TIL-WEB",
        "kind": "minimum",
        "tags": ["tilgængelighed"],
        "title": "Tilgængelige dokumenter til borgere",
        "text": (
            "Løsningen skal danne dokumenter til borgere som tilgængelige PDF-filer med "
            "korrekt struktur, angivet sprog og alternativ tekst til billeder."
        ),
        "purpose": "Breve og afgørelser skal kunne læses med skærmlæser.",
        "buyer_guidance": "Relevant, når løsningen danner breve, afgørelser eller rapporter.",
        "verification": "Test af udvalgte dokumenter med et værktøj til PDF-tilgængelighed.",
        "evidence": "Eksempeldokumenter og testresultat.",
        "sources": ["WCAG 2.1 AA", "PDF/UA (ISO 14289)"],
        "cost_note": "Typisk lav merpris.",
    },
    # --- Drift og support ---------------------------------------------------------------------
    {
        "key": "DRF-001",
        "category": "DRF-SLA",
        "kind": "minimum",
        "tags": ["drift", "sla"],
        "title": "Oppetid i hovedtiden",
        "text": (
            "Løsningen skal have en oppetid på mindst 99,5 % pr. måned i hovedtiden kl. 7-18 "
            "på hverdage. Planlagt vedligehold i aftalte driftsvinduer tæller ikke som nedetid."
        ),
        "purpose": "Medarbejderne skal kunne regne med løsningen i arbejdstiden.",
        "buyer_guidance": (
            "Tilpas hovedtiden til forretningen. "
            "Højere oppetid koster, så spørg, hvad nedetid reelt betyder."
        ),
        "verification": "Månedlig driftsrapport (DRF-003).",
        "evidence": "Driftsrapporter med målt oppetid.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Oppetid over 99,5 % kan øge prisen væsentligt.",
        "change_note": (
            "Måles nu pr. måned i stedet for pr. år, så længere nedbrud ikke udlignes over "
            "året, og hovedtiden er defineret."
        ),
        "versions": [
            {
                "title": "Oppetid",
                "text": "Løsningen skal have en oppetid på mindst 99 % pr. år.",
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "DRF-002",
        "category": "DRF-SLA",
        "kind": "award",
        "tags": ["drift", "sla"],
        "title": "Samme oppetid døgnet rundt",
        "text": (
            "Det vægtes positivt, at løsningen har samme oppetid uden for hovedtiden, hvor fx "
            "hjemmeplejen og botilbud arbejder døgnet rundt."
        ),
        "purpose": "Nogle medarbejdere har brug for løsningen om aftenen, natten og weekenden.",
        "buyer_guidance": "Bruges kun, hvor der er et reelt behov uden for hovedtiden.",
        "verification": "Månedlig driftsrapport.",
        "evidence": "Driftsrapporter.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Kan øge prisen væsentligt.",
    },
    {
        "key": "DRF-003",
        "category": "DRF-SLA",
        "kind": "minimum",
        "tags": ["drift", "sla"],
        "title": "Månedlig driftsrapport",
        "text": (
            "Leverandøren skal hver måned rapportere opnået oppetid, hændelser, responstider "
            "og ændringer, så kommunen kan følge op på servicemålene."
        ),
        "purpose": "Uden rapportering kan kommunen ikke se, om den får det, den betaler for.",
        "buyer_guidance": "Brug rapporten på kontraktmøderne, og notér afvigelser.",
        "verification": "Modtagelse af rapporten hver måned.",
        "evidence": "Driftsrapporter.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "DRF-004",
        "category": "DRF-SUP",
        "kind": "minimum",
        "tags": ["support"],
        "title": "Support på dansk",
        "text": (
            "Leverandøren skal yde support på dansk via telefon og e-mail eller webportal på "
            "hverdage kl. 8-16 til kommunens superbrugere og it-afdeling."
        ),
        "purpose": "Superbrugere skal kunne få hjælp på deres eget sprog i arbejdstiden.",
        "buyer_guidance": "Angiv, om borgere eller alle medarbejdere også skal kunne ringe.",
        "verification": "Stikprøver i driftsperioden.",
        "evidence": "Beskrivelse af supportorganisationen.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Kan øge prisen for udenlandske leverandører uden dansk support.",
    },
    {
        "key": "DRF-005",
        "category": "DRF-SUP",
        "kind": "minimum",
        "tags": ["support", "sla"],
        "title": "Responstider efter fejlens alvor",
        "text": (
            "Leverandøren skal reagere på fejl inden for 1 time ved kritiske fejl, 4 timer ved "
            "alvorlige fejl og 2 arbejdsdage ved øvrige fejl, regnet i supporttiden. "
            "Kommunen fastsætter fejlens alvor ud fra en aftalt definition."
        ),
        "purpose": "Kritiske fejl skal have hurtig opmærksomhed.",
        "buyer_guidance": "Skriv definitionerne af kritisk og alvorlig ind i kontrakten.",
        "verification": "Månedlig driftsrapport.",
        "evidence": "Opgørelse af responstider.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Kortere responstider kan øge prisen væsentligt.",
    },
    {
        "key": "DRF-006",
        "category": "DRF-KAP",
        "kind": "minimum",
        "tags": ["kapacitet", "drift"],
        "title": "Svartider ved forventet belastning",
        "text": (
            "Løsningen skal kunne håndtere kommunens forventede antal samtidige brugere med "
            "en svartid på højst 2 sekunder for 95 % af almindelige skærmbilleder, målt i "
            "leverandørens driftsmiljø."
        ),
        "purpose": "Langsomme systemer koster arbejdstid hver dag.",
        "buyer_guidance": "Oplys det forventede antal brugere og de travleste tidspunkter.",
        "verification": "Belastningstest før idriftsættelse og måling i drift.",
        "evidence": "Rapport fra belastningstest.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "DRF-007",
        "category": "DRF-KAP",
        "kind": "minimum",
        "tags": ["drift", "kapacitet"],
        "title": "Overvågning døgnet rundt",
        "text": (
            "Leverandøren skal overvåge løsningens drift, kapacitet og integrationer døgnet "
            "rundt og selv gå i gang med at rette fejl, før kommunen melder dem."
        ),
        "purpose": "Fejl skal opdages af leverandøren, ikke af borgerne.",
        "buyer_guidance": "Bed om at se eksempler på overvågningen ved demonstrationen.",
        "verification": "Gennemgang af overvågningen og driftsrapporterne.",
        "evidence": "Beskrivelse af overvågningen.",
        "sources": ["ISO/IEC 27002"],
        "cost_note": "Typisk lav merpris, hvis standard i markedet.",
    },
    {
        "key": "DRF-008",
        "category": "DRF-MIL",
        "kind": "minimum",
        "tags": ["test", "drift"],
        "title": "Testmiljø",
        "text": (
            "Leverandøren skal stille et testmiljø til rådighed, der svarer til "
            "produktionsmiljøet i version og opsætning. Testmiljøet må kun indeholde rigtige "
            "personoplysninger, hvis kommunen har godkendt det."
        ),
        "purpose": "Kommunen skal kunne teste nye versioner og integrationer sikkert.",
        "buyer_guidance": "Overvej også et uddannelsesmiljø, hvis mange skal undervises.",
        "verification": "Adgang til testmiljøet ved idriftsættelse.",
        "evidence": "Beskrivelse af miljøerne.",
        "sources": ["ISO/IEC 27002"],
        "cost_note": "Typisk lav merpris; flere miljøer kan øge prisen.",
    },
    {
        "key": "DRF-009",
        "category": "DRF-MIL",
        "kind": "minimum",
        "tags": ["drift"],
        "title": "Driftsvinduer og varsling af nye versioner",
        "text": (
            "Leverandøren skal placere planlagt vedligehold uden for hovedtiden og varsle det "
            "mindst 5 arbejdsdage i forvejen. Nye versioner med ændringer for brugerne skal "
            "varsles mindst 30 dage i forvejen med en beskrivelse af ændringerne."
        ),
        "purpose": "Kommunen skal kunne planlægge og informere brugerne i god tid.",
        "buyer_guidance": "Aftal faste driftsvinduer, fx én aften om måneden.",
        "verification": "Opfølgning i driftsrapporter.",
        "evidence": "Varslinger og udgivelsesnoter.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Ingen merpris; standard i markedet.",
    },
    {
        "key": "DRF-010",
        "category": "DRF-KAP",
        "kind": "award",
        "tags": ["beredskab", "drift"],
        "title": "Beredskabsplan",
        "text": (
            "Beskriv jeres beredskabsplan for alvorlige hændelser som cyberangreb eller tab af "
            "et datacenter, og hvordan og hvornår kommunen bliver inddraget."
        ),
        "purpose": "Kommunens eget beredskab skal hænge sammen med leverandørens.",
        "buyer_guidance": "Inddrag kommunens beredskabsansvarlige i evalueringen.",
        "verification": "Evaluering af beskrivelsen.",
        "evidence": "Beredskabsplan eller resumé af den.",
        "sources": ["NIS2-direktivet (EU) 2022/2555", "ISO/IEC 27001"],
        "cost_note": "Ingen direkte merpris.",
    },
    # --- Brugervenlighed og uddannelse --------------------------------------------------------
    {
        "key": "BRU-001",
        "category": "BRU-UDD",
        "kind": "minimum",
        "tags": ["uddannelse"],
        "title": "Uddannelse af superbrugere",
        "text": (
            "Leverandøren skal uddanne kommunens superbrugere før idriftsættelse og stille "
            "undervisningsmateriale på dansk til rådighed, som kommunen frit må tilpasse og "
            "bruge internt."
        ),
        "purpose": "Superbrugere skal kunne lære kollegerne op og løse de enkle spørgsmål.",
        "buyer_guidance": "Angiv antal superbrugere og om undervisningen skal foregå lokalt.",
        "verification": "Gennemført undervisning før idriftsættelse.",
        "evidence": "Undervisningsplan og materiale.",
        "sources": ["Digitaliseringsstyrelsens standardkontrakter (K01-K04)"],
        "cost_note": "Prissættes typisk pr. kursusdag.",
    },
    {
        "key": "BRU-002",
        "category": "BRU-BRG",
        "kind": "award",
        "tags": ["brugervenlighed"],
        "title": "Enkle arbejdsgange",
        "text": (
            "Det vægtes positivt, at de centrale arbejdsgange kan gennemføres med få skridt. "
            "Beskriv de tre hyppigste arbejdsgange, og vis dem ved en demonstration."
        ),
        "purpose": "Brugervenlighed sparer tid hver dag og mindsker fejl.",
        "buyer_guidance": (
            "Lad kommende brugere deltage i evalueringen, og beskriv arbejdsgangene i "
            "udbudsmaterialet, så demonstrationerne kan sammenlignes."
        ),
        "verification": "Demonstration med kommunens egne scenarier.",
        "evidence": "Evalueringsnotat fra demonstrationen.",
        "sources": ["ISO 9241-11 (brugervenlighed)"],
        "cost_note": "Ingen direkte merpris.",
    },
    {
        "key": "BRU-003",
        "category": "BRU-BRG",
        "kind": "minimum",
        "tags": ["brugervenlighed"],
        "title": "Brugerflade på dansk",
        "text": "Løsningen skal have brugerflade, hjælpetekster og fejlmeddelelser på dansk.",
        "purpose": "Alle medarbejdere skal kunne bruge løsningen uden sprogbarrierer.",
        "buyer_guidance": "Overvej, om administrative dele må være på engelsk.",
        "verification": "Gennemgang ved demonstrationen.",
        "evidence": "Skærmbilleder.",
        "sources": ["ISO 9241-11 (brugervenlighed)"],
        "cost_note": "Kan øge prisen for udenlandske leverandører.",
    },
    {
        "key": "BRU-004",
        "category": "BRU-UDD",
        "kind": "award",
        "tags": ["uddannelse", "brugervenlighed"],
        "title": "Indbygget hjælp",
        "text": (
            "Det vægtes positivt, at løsningen har indbygget hjælp, fx korte vejledninger og "
            "videoer, som opdateres sammen med nye versioner."
        ),
        "purpose": "Brugerne lærer bedst, når hjælpen findes, hvor de arbejder.",
        "buyer_guidance": "Vægt kriteriet lavt.",
        "verification": "Demonstration.",
        "evidence": "Eksempler på hjælpetekster og videoer.",
        "sources": ["ISO 9241-11 (brugervenlighed)"],
        "cost_note": "Ingen direkte merpris.",
    },
    # --- Licens og økonomi --------------------------------------------------------------------
    {
        "key": "LIC-001",
        "category": "LIC-MOD",
        "kind": "information",
        "tags": ["licens", "økonomi"],
        "title": "Licensmodel",
        "text": (
            "Leverandøren skal oplyse licensmodellen, herunder hvad der tælles, fx brugere, "
            "borgere eller sager, hvordan forbruget måles, og hvordan kommunen kan justere "
            "antallet."
        ),
        "purpose": "Kommunen skal kunne forudse udgifterne og undgå overraskelser.",
        "buyer_guidance": "Sammenlign licensmodellerne i en beregning over hele kontraktperioden.",
        "verification": "Gennemgang af prisbilaget.",
        "evidence": "Beskrivelse af licensmodellen.",
        "sources": ["Udbudsloven"],
        "cost_note": "",
    },
    {
        "key": "LIC-002",
        "category": "LIC-MOD",
        "kind": "minimum",
        "tags": ["licens", "økonomi"],
        "title": "Ingen betaling for ubrugte licenser",
        "text": (
            "Leverandøren skal give kommunen ret til at nedjustere antallet af licenser mindst "
            "én gang om året uden gebyr. Leverandøren skal på forlangende levere en opgørelse "
            "over aktive brugere."
        ),
        "purpose": "Kommuner har sparet millioner ved at opsige licenser, som ingen bruger.",
        "buyer_guidance": "Brug opgørelsen over aktive brugere ved den årlige gennemgang.",
        "verification": "Kontrol af kontraktvilkår og opgørelse.",
        "evidence": "Opgørelse over aktive brugere.",
        "sources": ["Udbudsloven"],
        "cost_note": "Typisk lav merpris.",
    },
    {
        "key": "LIC-003",
        "category": "LIC-MOD",
        "kind": "minimum",
        "tags": ["licens", "økonomi"],
        "title": "Fast pris for hele kommunen",
        "text": (
            "Leverandøren skal tilbyde en licens til en fast årlig pris, der dækker alle "
            "kommunens medarbejdere og enheder uanset antal brugere."
        ),
        "purpose": "En fast pris er let at budgettere og kræver ingen optælling.",
        "buyer_guidance": (
            "Kan ikke kombineres med LIC-004. "
            "Passer bedst til løsninger, som mange eller alle medarbejdere bruger."
        ),
        "verification": "Kontrol af prisbilaget.",
        "evidence": "Prisbilag.",
        "sources": ["Udbudsloven"],
        "cost_note": "Kan give en højere pris, hvis få medarbejdere reelt bruger løsningen.",
    },
    {
        "key": "LIC-004",
        "category": "LIC-MOD",
        "kind": "minimum",
        "tags": ["licens", "økonomi"],
        "title": "Betaling efter faktisk forbrug",
        "text": (
            "Leverandøren skal afregne licenser månedligt efter det faktiske antal aktive "
            "brugere i måneden."
        ),
        "purpose": "Kommunen betaler kun for det, der bruges.",
        "buyer_guidance": (
            "Kan ikke kombineres med LIC-003. "
            "Definér, hvad en aktiv bruger er, fx mindst ét login i måneden."
        ),
        "verification": "Kontrol af fakturaer mod opgørelser over aktive brugere.",
        "evidence": "Månedlig opgørelse over aktive brugere.",
        "sources": ["Udbudsloven"],
        "cost_note": "Kan give en højere pris pr. bruger og mere arbejde med kontrol.",
    },
    {
        "key": "LIC-005",
        "category": "LIC-PRI",
        "kind": "minimum",
        "tags": ["prisregulering", "økonomi"],
        "title": "Prisregulering efter nettoprisindekset",
        "text": (
            "Leverandøren kan tidligst regulere priserne 12 måneder efter kontraktens "
            "underskrift og derefter højst én gang om året med ændringen i Danmarks "
            "Statistiks nettoprisindeks. Reguleringen skal varsles skriftligt mindst "
            "3 måneder i forvejen."
        ),
        "purpose": "Forudsigelige prisstigninger, som kommunen kan budgettere med.",
        "buyer_guidance": "Registrér reguleringsdatoen, så reguleringen kan kontrolleres.",
        "verification": "Kontrol af fakturaer efter hver regulering.",
        "evidence": "Varsel med beregning af den nye pris.",
        "sources": ["Danmarks Statistik: Nettoprisindeks"],
        "cost_note": "Ingen merpris; standard i markedet.",
        "change_note": (
            "Regulering efter leverandørens prisliste er erstattet af nettoprisindekset, så "
            "stigningerne er forudsigelige."
        ),
        "versions": [
            {
                "title": "Årlig prisregulering",
                "text": (
                    "Priserne kan reguleres én gang om året efter leverandørens gældende prisliste."
                ),
                "change_note": "Første udgave.",
            },
        ],
    },
    {
        "key": "LIC-006",
        "category": "LIC-PRI",
        "kind": "minimum",
        "tags": ["faktura", "økonomi"],
        "title": "Elektroniske fakturaer, der kan kontrolleres",
        "text": (
            "Leverandøren skal fakturere elektronisk i OIOUBL eller Peppol BIS og angive "
            "kontraktnummer, periode og de enkelte priselementer, så fakturaen kan "
            "kontrolleres mod kontrakten."
        ),
        "purpose": "Fakturaer, der kan sammenholdes med kontrakten, afslører fejl og overbetaling.",
        "buyer_guidance": "Oplys kontraktnummeret i kontrakten og kommunens EAN-nummer.",
        "verification": "Kontrol af de første fakturaer.",
        "evidence": "Eksempel på faktura.",
        "sources": ["Regler om elektronisk afregning med offentlige myndigheder", "OIOUBL"],
        "cost_note": "Ingen merpris; standard i markedet.",
    },
]

# (source_key, relation_type, target_key): "source relation target", e.g. INT-010 replaces INT-009.
RELATIONS: list[tuple[str, str, str]] = [
    ("SIK-002", "depends_on", "SIK-001"),
    ("SIK-005", "depends_on", "SIK-001"),
    ("SIK-006", "refines", "SIK-005"),
    ("SIK-011", "refines", "SIK-010"),
    ("ARK-006", "depends_on", "ARK-004"),
    ("ARK-009", "refines", "ARK-007"),
    ("INT-010", "replaces", "INT-009"),
    ("INT-012", "refines", "INT-011"),
    ("INT-013", "depends_on", "INT-011"),
    ("MOB-003", "depends_on", "MOB-006"),
    ("MOB-004", "conflicts_with", "MOB-003"),
    ("DAT-003", "depends_on", "DAT-001"),
    ("DAT-007", "conflicts_with", "DAT-006"),
    ("LIC-004", "conflicts_with", "LIC-003"),
    ("TIL-003", "refines", "TIL-001"),
]
