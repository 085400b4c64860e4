"""Demo guidance written for this project: phases, roles, quick guides, checklists, role pages."""

from typing import TypedDict


class QuickGuide(TypedDict):
    """A short, practical guide shown on its own page and in context by phase, role and topic."""

    slug: str
    title: str
    summary: str
    phases: list[str]
    roles: list[str]
    topics: list[str]
    steps: list[tuple[str, str]]
    tips: list[str]
    warnings: list[str]
    links: list[tuple[str, str]]
    checklist: list[str]


class Checklist(TypedDict):
    """A checklist page: groups of (item, help text) pairs."""

    slug: str
    title: str
    intro: str
    phases: list[str]
    groups: list[tuple[str, list[tuple[str, str]]]]


class RoleDescription(TypedDict):
    """What one role does in each of the five phases, keyed by phase slug."""

    slug: str
    role: str
    title: str
    summary: str
    responsibilities: dict[str, list[str]]


# (order, slug, Danish name, English name)
PHASES: list[tuple[int, str, str, str]] = [
    (1, "scope", "Afgrænsning og business case", "Scope & business case"),
    (2, "market", "Markedsafdækning", "Market analysis"),
    (3, "strategy", "Udbudsstrategi", "Procurement strategy"),
    (4, "specification", "Behovsbeskrivelse og krav", "Needs specification"),
    (5, "operation", "Drift og kontraktstyring", "Operation & contract management"),
]

# (slug, Danish name, English name)
ROLES: list[tuple[str, str, str]] = [
    ("contract_manager", "Kontraktansvarlig", "Contract manager"),
    ("system_owner", "Systemejer", "System owner"),
    ("benefit_owner", "Gevinstejer", "Benefit owner"),
    ("procurement_legal", "Indkøb og jura", "Procurement & legal"),
    ("it_architect", "It-arkitekt", "IT architect"),
    ("security", "Informationssikkerhed", "Information security"),
    ("business_owner", "Forretningsejer", "Business owner"),
]

# Tags that let the app's own pages (contracts, invoices, benefits ...) show the relevant guides.
TOPICS: tuple[str, ...] = (
    "contract",
    "invoice",
    "renewal",
    "exit",
    "requirements",
    "architecture",
    "benefits",
    "business_case",
    "market",
    "procurement_form",
    "roles",
)

ALL_PHASES: list[str] = [slug for _order, slug, _danish, _english in PHASES]

QUICK_GUIDES: list[QuickGuide] = [
    # --- One guide per phase -------------------------------------------------------------------
    {
        "slug": "afgraensning-og-business-case",
        "title": "Fase 1: Afgrænsning og business case",
        "summary": (
            "Få styr på behovet, før I taler om løsninger. En kort og ærlig business case gør det "
            "lettere at beslutte – og at følge op bagefter."
        ),
        "phases": ["scope"],
        "roles": ["business_owner", "benefit_owner", "system_owner"],
        "topics": ["business_case", "benefits", "roles"],
        "steps": [
            (
                "Beskriv behovet uden at nævne et produkt",
                "Skriv i få linjer, hvilket problem I vil løse, og for hvem. Vent med systemnavne "
                "og leverandører, så I ikke låser jer fast for tidligt.",
            ),
            (
                "Beskriv i dag og målbilledet",
                "Beskriv kort, hvordan arbejdet foregår i dag, hvordan det skal se ud bagefter, og "
                "hvilke skridt der fører derhen. En side er ofte nok.",
            ),
            (
                "Se på det, I allerede har",
                "Tjek om kommunen har et system, en kontrakt eller licenser, der dækker behovet "
                "helt eller delvist. Brug kontraktoversigten, og spørg it-afdelingen.",
            ),
            (
                "Udpeg ejerne nu",
                "Find forretningsejer, gevinstejer og kommende systemejer. De skal være med fra "
                "start, ikke først når løsningen går i drift.",
            ),
            (
                "Skriv business casen",
                "Angiv gevinster med indikator, baseline og mål, og regn omkostningerne over hele "
                "levetiden med – også drift, licenser, oplæring og exit.",
            ),
            (
                "Få en beslutning",
                "Forelæg afgrænsning og business case for den rette beslutningstager, og aftal "
                "hvornår business casen skal opdateres.",
            ),
        ],
        "tips": [
            "En business case er et beslutningsværktøj, ikke en formalitet. Hellere kort og "
            "opdateret end lang og glemt.",
            "Tag en medarbejder fra den daglige drift med. De kender de skæve tilfælde.",
        ],
        "warnings": [
            "Er løsningen valgt, før behovet er beskrevet, bliver resten af anskaffelsen en "
            "bekræftelse i stedet for en afklaring.",
        ],
        "links": [
            ("KL – Kommunernes Landsforening", "https://www.kl.dk"),
            ("Digitaliseringsstyrelsen", "https://digst.dk"),
        ],
        "checklist": [
            "Behovet er beskrevet uden produktnavne",
            "Nuværende situation og målbillede er beskrevet",
            "Eksisterende systemer og kontrakter er tjekket",
            "Forretningsejer, gevinstejer og systemejer er udpeget",
            "Hver gevinst har indikator, baseline og mål",
            "Omkostninger over hele levetiden er anslået",
            "Der er truffet en beslutning om at gå videre",
        ],
    },
    {
        "slug": "markedsafdaekning",
        "title": "Fase 2: Markedsafdækning",
        "summary": (
            "Find ud af, hvad markedet kan, før I skriver kravene. Se bredt – også efter nye og "
            "mindre leverandører – og brug leverandørernes tid med omtanke."
        ),
        "phases": ["market"],
        "roles": ["procurement_legal", "it_architect", "business_owner"],
        "topics": ["market", "architecture"],
        "steps": [
            (
                "Lav en bred liste",
                "Saml mulige løsninger og leverandører fra rammeaftaler, andre kommuner, "
                "brancheforeninger og tidligere udbud. Skriv også dem på, I ikke kender.",
            ),
            (
                "Spørg andre kommuner",
                "Hør hvad andre har købt, hvad det kostede, og hvad de ville gøre anderledes. "
                "Overvej om I kan købe sammen.",
            ),
            (
                "Afklar arkitektur og integrationer",
                "Undersøg hvordan løsningerne spiller sammen med den fælleskommunale "
                "rammearkitektur og med kommunens egne systemer.",
            ),
            (
                "Hold en effektiv markedsdialog",
                "Brug en kort skriftlig forespørgsel eller få, velforberedte møder med samme "
                "dagsorden for alle. Send spørgsmålene i god tid.",
            ),
            (
                "Saml op og del",
                "Skriv ned, hvad I har lært, og hvad det betyder for krav og udbudsform. Materiale "
                "fra dialogen, som bruges i udbuddet, skal alle tilbudsgivere have adgang til.",
            ),
        ],
        "tips": [
            "En halv side med tre gode spørgsmål giver ofte bedre svar end et langt spørgeskema.",
        ],
        "warnings": [
            "Vælger I altid de samme leverandører, går I glip af nye løsninger og mister "
            "konkurrencen på prisen.",
        ],
        "links": [("SKI – Statens og Kommunernes Indkøbsservice", "https://www.ski.dk")],
        "checklist": [
            "Listen over mulige leverandører rækker ud over dem, vi kender",
            "Mindst to andre kommuner er spurgt om deres erfaringer",
            "Samspillet med arkitekturen er afklaret",
            "Markedsdialogen er dokumenteret",
        ],
    },
    {
        "slug": "udbudsstrategi",
        "title": "Fase 3: Udbudsstrategi",
        "summary": (
            "Vælg hvordan I køber ud fra, hvad I køber, og hvor stor risikoen er. Udbudsform, "
            "kontrakt og evalueringsmodel hænger sammen."
        ),
        "phases": ["strategy"],
        "roles": ["procurement_legal", "business_owner", "it_architect"],
        "topics": ["procurement_form", "contract"],
        "steps": [
            (
                "Vurdér hvad I køber",
                "Er det en standardvare, et standardsystem med tilpasning eller en løsning, der "
                "skal udvikles? Jo mere usikkert indholdet er, jo mere plads til dialog og "
                "ændringer.",
            ),
            (
                "Beregn den samlede kontraktværdi",
                "Medregn hele perioden inklusive optioner, drift, support og licenser. Værdien "
                "afgør, om EU's tærskelværdi er overskredet.",
            ),
            (
                "Vælg udbudsform",
                "Tjek først, om en rammeaftale dækker behovet. Se guiden om at vælge den "
                "udbudsform, der passer til behovet.",
            ),
            (
                "Vælg kontrakt",
                "Tag udgangspunkt i en standardkontrakt, der passer til opgaven, og tilpas så lidt "
                "som muligt. Giv plads til ændringer i løbetiden.",
            ),
            (
                "Fastlæg tildelingskriterierne",
                "Vægt pris og kvalitet efter det, der betyder noget for opgaven. En meget høj "
                "prisvægt giver sjældent den bedste løsning over tid.",
            ),
            (
                "Planlæg baglæns",
                "Regn tilbage fra den dato, løsningen skal være i drift, med tid til evaluering, "
                "standstill, implementering og overlap med den gamle løsning.",
            ),
        ],
        "tips": [
            "Spørg jer selv, om prisvægten er valgt bevidst, eller om den bare er den samme som "
            "sidst.",
        ],
        "warnings": [
            "Bod og skrappe sanktioner koster penge, fordi leverandøren prissætter risikoen. Brug "
            "dem, hvor de gør en forskel.",
        ],
        "links": [
            ("Konkurrence- og Forbrugerstyrelsen", "https://www.kfst.dk"),
            ("SKI – Statens og Kommunernes Indkøbsservice", "https://www.ski.dk"),
        ],
        "checklist": [
            "Kontraktværdien er beregnet for hele perioden",
            "Rammeaftaler er tjekket",
            "Udbudsformen er valgt og begrundet",
            "Kontraktgrundlaget er valgt",
            "Vægtningen af pris og kvalitet er valgt bevidst",
            "Tidsplanen er lagt baglæns fra idriftsættelsen",
        ],
    },
    {
        "slug": "behovsbeskrivelse-og-krav",
        "title": "Fase 4: Behovsbeskrivelse og krav",
        "summary": (
            "Beskriv hvad forretningen skal kunne, og lad leverandøren vise hvordan. Færre og "
            "skarpere krav giver bedre tilbud og lavere priser."
        ),
        "phases": ["specification"],
        "roles": ["business_owner", "it_architect", "procurement_legal", "security"],
        "topics": ["requirements", "architecture"],
        "steps": [
            (
                "Start med opgaverne",
                "Beskriv de vigtigste arbejdsgange og brugsscenarier. Det er dem, tilbuddene skal "
                "vurderes på.",
            ),
            (
                "Hent krav fra kravbanken",
                "Brug kravbankens fælles krav som udgangspunkt, og vælg dem, der passer til "
                "opgaven. Begrund det, når I ændrer eller fravælger et krav.",
            ),
            (
                "Skil mindstekrav fra tildelingskriterier",
                "Gør kun det helt nødvendige til mindstekrav. Resten kan være tildelingskriterier, "
                "så leverandørerne kan konkurrere på det.",
            ),
            (
                "Skær ind til benet",
                "Gå kravene igennem, og fjern dem, ingen kan forklare behovet for. Hvert krav "
                "koster tid for leverandøren og penge for kommunen.",
            ),
            (
                "Tænk opfølgningen ind",
                "Skriv kravene, så I kan teste dem ved levering, og så løsningen senere kan "
                "videreudvikles og udbydes igen.",
            ),
            (
                "Få nogen til at læse med",
                "Lad en fra forretningen og en fra it læse kravspecifikationen igennem, før den "
                "sendes ud.",
            ),
        ],
        "tips": [
            "Brug tjeklisten Arkitekturafklaring, før I vælger de tekniske krav.",
        ],
        "warnings": [
            "Krav kopieret fra et tidligere udbud kan være forældede eller passe dårligt. Læs "
            "dem, før I bruger dem.",
        ],
        "links": [],
        "checklist": [
            "De vigtigste arbejdsgange er beskrevet",
            "Krav fra kravbanken er vurderet et for et",
            "Afvigelser fra de fælles krav er begrundet",
            "Mindstekrav er holdt på et minimum",
            "Kravene kan testes ved levering",
        ],
    },
    {
        "slug": "drift-og-kontraktstyring",
        "title": "Fase 5: Drift og kontraktstyring",
        "summary": (
            "Når kontrakten er underskrevet, begynder arbejdet med at få det, I har betalt for. "
            "Registrér kontrakten, hold øje med frister, og følg op på leverancen."
        ),
        "phases": ["operation"],
        "roles": ["contract_manager", "system_owner", "benefit_owner"],
        "topics": ["contract", "invoice", "renewal", "benefits"],
        "steps": [
            (
                "Registrér kontrakten med det samme",
                "Læg kontrakt, bilag og databehandleraftale i kontraktoversigten med leverandør, "
                "system, ejer og vigtige datoer.",
            ),
            (
                "Hold overtagelsesprøven",
                "Test at det leverede lever op til kravene, før I godkender. Notér hvilke krav der "
                "er opfyldt, delvist opfyldt eller ikke opfyldt.",
            ),
            (
                "Overdrag til driften",
                "Sørg for at systemejer og driftsfolk kender kontrakten, serviceniveauerne og "
                "kontaktpersonerne hos leverandøren.",
            ),
            (
                "Følg op løbende",
                "Hold faste statusmøder med leverandøren, tjek fakturaer mod kontrakten, og før "
                "tilsyn med databehandleren.",
            ),
            (
                "Reagér på frister i god tid",
                "Beslut i god tid, om I vil forlænge, bruge en option, opsige eller udbyde igen.",
            ),
            (
                "Mål gevinsterne",
                "Gevinstejeren måler indikatorerne efter idriftsættelsen og opdaterer business "
                "casen.",
            ),
        ],
        "tips": [
            "Giv hver kontrakt én navngiven kontraktansvarlig – og tid til opgaven.",
        ],
        "warnings": [
            "En kontrakt, der ligger i en skuffe, bliver ikke styret. Så opdager ingen, når en "
            "frist udløber.",
        ],
        "links": [],
        "checklist": [
            "Kontrakten er registreret med ejer og bilag",
            "Overtagelsesprøven er gennemført og kravopfyldelsen registreret",
            "Driften kender kontrakt og serviceniveauer",
            "Fakturaer tjekkes mod kontrakten",
            "Frister for opsigelse og optioner er kendt",
            "Gevinsterne måles",
        ],
    },
    # --- Recommendations ---------------------------------------------------------------------
    {
        "slug": "klare-roller-og-overdragelser",
        "title": "Klare roller og overdragelser",
        "summary": (
            "Aftal fra start, hvem der ejer hvad før, under og efter anskaffelsen. Når roller "
            "flyder, glider kontrakter og gevinster ud af syne."
        ),
        "phases": ALL_PHASES,
        "roles": ["business_owner", "system_owner", "benefit_owner", "contract_manager"],
        "topics": ["roles"],
        "steps": [
            (
                "Lav en rolleoversigt",
                "Skriv navne på forretningsejer, gevinstejer, systemejer, kontraktansvarlig, "
                "indkøb og jura, it-arkitekt og informationssikkerhed. Én person kan have flere "
                "roller.",
            ),
            (
                "Skriv hvad hver rolle beslutter",
                "Angiv for hver rolle, hvad personen beslutter, hvad personen skal høres om, og "
                "hvad personen blot skal orienteres om.",
            ),
            (
                "Planlæg overdragelserne",
                "Aftal hvornår projektet overdrager til driften, og hvad der følger med: kontrakt, "
                "kravopfyldelse, åbne punkter, business case og kontaktpersoner.",
            ),
            (
                "Få rollerne godkendt",
                "Lad styregruppen eller ledelsen godkende rolleoversigten, så rollerne også har "
                "tid og mandat.",
            ),
            (
                "Opdatér når noget ændrer sig",
                "Når folk skifter job, eller projektet går i drift, skal oversigten opdateres med "
                "det samme.",
            ),
        ],
        "tips": [
            "Brug rollebeskrivelserne på platformen som udgangspunkt, og tilpas dem til jeres "
            "organisation.",
        ],
        "warnings": [
            "En systemejer, der ikke kender sin kontrakt, kan ikke tage ejerskab for den.",
        ],
        "links": [],
        "checklist": [],
    },
    {
        "slug": "den-gyldne-trekant",
        "title": "Den gyldne trekant: forretning, it og indkøb",
        "summary": (
            "De bedste anskaffelser sker, når forretningen, it og digitalisering samt indkøb og "
            "jura arbejder sammen fra start. Hver part ser noget, de andre overser."
        ),
        "phases": ["scope", "market", "strategy", "specification"],
        "roles": ["business_owner", "it_architect", "procurement_legal"],
        "topics": ["roles", "requirements", "procurement_form"],
        "steps": [
            (
                "Saml de tre parter tidligt",
                "Hold et opstartsmøde med forretningen, it og digitalisering samt indkøb og jura, "
                "før behovet er skrevet færdigt.",
            ),
            (
                "Aftal hvem der bidrager med hvad",
                "Forretningen ejer behovet og gevinsterne. It sikrer sammenhæng med arkitektur og "
                "drift. Indkøb og jura vælger udbudsform og kontrakt.",
            ),
            (
                "Mødes ved hvert faseskift",
                "Hold et kort møde, hvor alle tre parter ser på næste skridt og de største risici.",
            ),
            (
                "Tag uenigheder tidligt",
                "Er parterne uenige om fx krav eller udbudsform, så tag det op med det samme – "
                "ikke i ugen før udbuddet skal annonceres.",
            ),
            (
                "Evaluér sammen",
                "Hold en kort evaluering efter kontraktindgåelsen og igen efter idriftsættelsen: "
                "Hvad virkede, og hvad gør vi anderledes næste gang?",
            ),
        ],
        "tips": [
            "Skriv de tre parters navne på forsiden af projektbeskrivelsen.",
        ],
        "warnings": [
            "Kommer indkøb først med, når kravene er skrevet, er mange valg allerede truffet – "
            "også dem, der begrænser konkurrencen.",
        ],
        "links": [],
        "checklist": [],
    },
    {
        "slug": "start-i-forretningens-vision",
        "title": "Start i forretningens vision",
        "summary": (
            "En anskaffelse skal tjene et mål i forretningen, ikke omvendt. Tag udgangspunkt i "
            "kommunens strategi og i det, borgere og medarbejdere skal opleve."
        ),
        "phases": ["scope"],
        "roles": ["business_owner", "benefit_owner"],
        "topics": ["business_case", "benefits"],
        "steps": [
            (
                "Knyt anskaffelsen til strategien",
                "Skriv hvilket politisk eller strategisk mål anskaffelsen understøtter, og hvordan "
                "I vil kunne se, at den gør det.",
            ),
            (
                "Formulér visionen i én sætning",
                "Fx: »Borgerne kan selv booke tid, og sagsbehandlerne bruger mindre tid i "
                "telefonen.« Sætningen skal kunne forstås uden for projektet.",
            ),
            (
                "Beskriv forandringen, ikke systemet",
                "Hvad skal medarbejderne gøre anderledes, og hvad skal borgerne opleve? Et nyt "
                "system er et middel, ikke et mål.",
            ),
            (
                "Hold løsningsrummet åbent",
                "Overvej flere veje: ændrede arbejdsgange, et system I allerede har, en fælles "
                "løsning med andre kommuner eller et nyt køb.",
            ),
            (
                "Brug visionen som pejlemærke",
                "Vend tilbage til visionen, når I skriver krav og vælger tildelingskriterier. "
                "Krav, der ikke peger mod visionen, kan ofte undværes.",
            ),
        ],
        "tips": [
            "Test visionen på en kollega uden for projektet. Kan hun eller han gengive den, er "
            "den klar nok.",
        ],
        "warnings": [
            "»Vi skal have et nyt system« er ikke en vision.",
        ],
        "links": [("KL – Kommunernes Landsforening", "https://www.kl.dk")],
        "checklist": [],
    },
    {
        "slug": "udvid-markedet",
        "title": "Udvid markedet",
        "summary": (
            "Flere relevante tilbudsgivere giver bedre løsninger og priser. Gør det let for nye og "
            "mindre leverandører at byde."
        ),
        "phases": ["market", "strategy"],
        "roles": ["procurement_legal", "business_owner"],
        "topics": ["market", "procurement_form"],
        "steps": [
            (
                "Søg ud over de kendte navne",
                "Brug brancheforeninger, andre kommuner, udbudsdatabaser og leverandørmøder til at "
                "finde leverandører, I ikke har handlet med før.",
            ),
            (
                "Annoncér markedsdialogen",
                "Offentliggør, at I vil i dialog med markedet, så alle interesserede kan melde sig "
                "– ikke kun dem, I selv inviterer.",
            ),
            (
                "Fjern unødige barrierer",
                "Stil kun krav til omsætning, referencer og certificeringer, der står mål med "
                "opgaven. Høje egnethedskrav udelukker ofte mindre leverandører.",
            ),
            (
                "Overvej delkontrakter",
                "Mindre delkontrakter kan åbne for specialiserede leverandører. Vurdér samtidig, "
                "om opdelingen giver for mange grænseflader at styre.",
            ),
            (
                "Giv tid nok",
                "En realistisk tilbudsfrist gør det muligt for nye leverandører at byde uden at "
                "skulle gætte.",
            ),
        ],
        "tips": [
            "Se på, hvem der bød sidste gang. Var der kun én eller to tilbudsgivere, så find ud af "
            "hvorfor.",
        ],
        "warnings": [
            "Krav om et bestemt produkt eller mærke begrænser konkurrencen og er som udgangspunkt "
            "ikke tilladt i et udbud.",
        ],
        "links": [("Konkurrence- og Forbrugerstyrelsen", "https://www.kfst.dk")],
        "checklist": [],
    },
    {
        "slug": "vaelg-udbudsform",
        "title": "Vælg den udbudsform, der passer til behovet",
        "summary": (
            "Udbudsformen skal passe til det, I køber, til hvor meget I ved på forhånd, og til "
            "risikoen. Her er de mest almindelige muligheder."
        ),
        "phases": ["strategy"],
        "roles": ["procurement_legal", "business_owner", "it_architect"],
        "topics": ["procurement_form", "market"],
        "steps": [
            (
                "Tjek rammeaftalerne først",
                "Findes der en SKI-aftale eller en anden rammeaftale, kommunen kan bruge, kan det "
                "spare meget tid. Men passer aftalen til behovet, eller skal behovet bøjes?",
            ),
            (
                "Under tærskelværdien",
                "Er den samlede værdi under EU's tærskelværdi, er reglerne lettere. Har kontrakten "
                "klar grænseoverskridende interesse, skal den dog annonceres, og kommunens egne "
                "indkøbsregler gælder altid.",
            ),
            (
                "Klassisk EU-udbud",
                "Offentligt eller begrænset udbud passer, når I kan beskrive behovet præcist på "
                "forhånd, fx et standardsystem. Der må ikke forhandles om tilbuddene.",
            ),
            (
                "Udbud med forhandling",
                "Passer når løsningen skal tilpasses, eller når I har brug for at forhandle om "
                "indhold og pris. Det tager længere tid, men giver et bedre match.",
            ),
            (
                "Agil kontrakt",
                "Passer når behovet ikke kan beskrives fuldt ud på forhånd, og løsningen udvikles "
                "i etaper. Brug en standardkontrakt til agile projekter (K03-typen), og sæt tid af "
                "til produktejerrollen.",
            ),
            (
                "Moduler og delkontrakter",
                "Kan opgaven deles i moduler eller delkontrakter, åbner det for flere leverandører "
                "og mindsker afhængigheden af én. Vælger I ikke at opdele, skal I begrunde det.",
            ),
            (
                "Køb sammen med andre kommuner",
                "Et fælles udbud kan give bedre vilkår og deling af arbejdet, men kræver enighed "
                "om behovet og en klar styring.",
            ),
        ],
        "tips": [
            "Skriv begrundelsen for valget af udbudsform ned. Den er nyttig både for ledelsen og "
            "ved næste genudbud.",
        ],
        "warnings": [
            "Del aldrig en opgave kunstigt op for at komme under tærskelværdien. Det er ikke "
            "lovligt.",
        ],
        "links": [
            ("SKI – Statens og Kommunernes Indkøbsservice", "https://www.ski.dk"),
            ("Konkurrence- og Forbrugerstyrelsen", "https://www.kfst.dk"),
            ("Digitaliseringsstyrelsen", "https://digst.dk"),
        ],
        "checklist": [],
    },
    {
        "slug": "lettere-kravspecifikationer",
        "title": "Lettere kravspecifikationer",
        "summary": (
            "Brug tiden på forretningens behov og mindre på ikke-funktionelle krav og formalia. En "
            "kortere kravspecifikation er lettere at besvare, evaluere og følge op på."
        ),
        "phases": ["specification"],
        "roles": ["business_owner", "procurement_legal", "it_architect"],
        "topics": ["requirements"],
        "steps": [
            (
                "Fordel tiden bevidst",
                "Sæt de fleste timer af til arbejdsgange og behov. De ikke-funktionelle krav kan i "
                "vid udstrækning hentes fra kravbanken.",
            ),
            (
                "Skriv behov, ikke løsninger",
                "Beskriv hvad brugeren skal kunne opnå, og lad leverandøren beskrive hvordan. Det "
                "giver plads til bedre idéer.",
            ),
            (
                "Spørg hvad kravet koster",
                "Hvert krav skal besvares, prissættes, evalueres og følges op. Kan ingen forklare "
                "behovet for et krav, så fjern det.",
            ),
            (
                "Brug færre mindstekrav",
                "Et mindstekrav, som ingen kan opfylde helt, kan gøre alle tilbud "
                "ukonditionsmæssige. Gør det hellere til et tildelingskriterium.",
            ),
            (
                "Gør plads til forandring",
                "Brug løsningsbeskrivelser, demonstrationer og prøver frem for lange skemaer, og "
                "lad kontrakten give plads til at justere undervejs.",
            ),
        ],
        "tips": [
            "Sammenlign antallet af krav med et tidligere udbud af samme slags. Er det vokset, så "
            "spørg hvorfor.",
        ],
        "warnings": [
            "En lang kravliste er ikke en garanti for kvalitet. Den giver ofte dyrere tilbud og "
            "færre tilbudsgivere.",
        ],
        "links": [],
        "checklist": [],
    },
    {
        "slug": "brug-arkitekturkrav-kritisk",
        "title": "Brug de fælles arkitekturkrav kritisk",
        "summary": (
            "De fælles arkitekturkrav er et godt udgangspunkt, men ikke en autopilot. Vælg de "
            "krav, der passer til løsningen, og begrund jeres valg."
        ),
        "phases": ["market", "specification"],
        "roles": ["it_architect", "security", "system_owner"],
        "topics": ["architecture", "requirements"],
        "steps": [
            (
                "Start i kravbanken",
                "Find de relevante kategorier, fx integration, sikkerhed, arkiv og mobil, og se "
                "hvilke krav den seneste udgivelse indeholder.",
            ),
            (
                "Vurdér hvert krav",
                "Er kravet relevant for netop denne løsning? Et krav om integration til en fælles "
                "komponent giver kun mening, hvis løsningen skal bruge den.",
            ),
            (
                "Tag stilling og begrund",
                "Markér hvert krav som uændret, ændret, fravalgt eller ikke relevant. Skriv kort "
                "hvorfor, når I afviger.",
            ),
            (
                "Se på sammenhængen",
                "Tjek hvilke systemer løsningen skal udveksle data med, og om kravene understøtter "
                "det – hverken mere eller mindre.",
            ),
            (
                "Følg op ved levering",
                "Aftal hvordan arkitekturkravene testes ved overtagelsesprøven, og registrér "
                "kravopfyldelsen.",
            ),
        ],
        "tips": [
            "Brug tjeklisten Arkitekturafklaring sammen med informationssikkerhed.",
        ],
        "warnings": [
            "Kopierer I alle arkitekturkrav uden at læse dem, betaler I for krav, der ikke gør en "
            "forskel – og leverandørerne prissætter dem igen ved hvert udbud.",
        ],
        "links": [("KL – Kommunernes Landsforening", "https://www.kl.dk")],
        "checklist": [],
    },
    {
        "slug": "inddrag-leverandoerer-med-balance",
        "title": "Inddrag leverandørerne – med balance",
        "summary": (
            "Leverandørerne ved meget om, hvad der kan lade sig gøre. Brug deres viden, men hold "
            "dialogen kort, lige for alle og dokumenteret."
        ),
        "phases": ["market", "strategy", "specification"],
        "roles": ["procurement_legal", "business_owner"],
        "topics": ["market", "requirements"],
        "steps": [
            (
                "Vær klar over formålet",
                "Skriv hvad I vil vide, fx om kravene er realistiske, hvad der driver prisen, "
                "eller hvilke løsninger der findes.",
            ),
            (
                "Giv alle samme mulighed",
                "Alle interesserede leverandører skal have adgang til samme information og samme "
                "form for dialog.",
            ),
            (
                "Hold dialogen effektiv",
                "Få og velforberedte spørgsmål og korte møder. Leverandørernes tid skal i sidste "
                "ende betales – også af kommunerne.",
            ),
            (
                "Bed om kommentarer til udkast",
                "Send udkast til kravspecifikation og kontrakt i høring. Spørg konkret, hvilke "
                "krav der gør løsningen dyrest.",
            ),
            (
                "Dokumentér og del",
                "Skriv referater, og giv alle tilbudsgivere adgang til de oplysninger fra "
                "dialogen, der har betydning for udbuddet.",
            ),
            (
                "Træf selv beslutningerne",
                "Leverandørernes råd er input, ikke facit. Det er kommunen, der beslutter behov og "
                "krav.",
            ),
        ],
        "tips": [
            "Spørg også leverandører, der valgte ikke at byde sidst. Deres grunde er ofte de mest "
            "lærerige.",
        ],
        "warnings": [
            "Lad aldrig én leverandør skrive kravene. Det giver leverandøren en urimelig fordel, "
            "og den kan risikere at blive udelukket fra udbuddet.",
        ],
        "links": [("Konkurrence- og Forbrugerstyrelsen", "https://www.kfst.dk")],
        "checklist": [],
    },
    {
        "slug": "kontraktstyring-med-samlet-overblik",
        "title": "Kontraktstyring med samlet overblik",
        "summary": (
            "Saml alle it-kontrakter ét sted med ejere, frister og databehandleraftaler. Så undgår "
            "I at betale for det, I ikke bruger, og at frister udløber ubemærket."
        ),
        "phases": ["operation"],
        "roles": ["contract_manager", "system_owner"],
        "topics": ["contract", "renewal", "invoice"],
        "steps": [
            (
                "Saml kontrakterne",
                "Find de kontrakter, der ligger rundt omkring i forvaltningerne, og registrér dem "
                "med leverandør, system, ejer og bilag.",
            ),
            (
                "Registrér vilkårene for frister",
                "Notér løbetid, opsigelsesvarsel, uopsigelighed, optioner, prisregulering og "
                "tilsyn med databehandleren. Platformen beregner datoerne og minder jer om dem.",
            ),
            (
                "Beslut i god tid",
                "Tag stilling til forlængelse, optioner, opsigelse eller genudbud, mens der er tid "
                "til at handle. Et genudbud tager ofte et år eller mere.",
            ),
            (
                "Tjek fakturaerne",
                "Sammenhold fakturaer med kontraktens priser, antal og prisregulering. Se guiden "
                "om fakturakontrol.",
            ),
            (
                "Ryd op i licenser og dubletter",
                "Gennemgå jævnligt brugere og licenser, og se efter flere systemer, der løser "
                "samme opgave. Opsig det, ingen bruger.",
            ),
            (
                "Følg leverancen",
                "Følg op på serviceniveauer og kravopfyldelse, og registrér ændringer og tillæg "
                "til kontrakten.",
            ),
        ],
        "tips": [
            "Giv hver kontrakt én navngiven kontraktansvarlig – og tid til opgaven.",
            "Et samlet overblik over kontrakterne viser ofte systemer, der overlapper. Start "
            "oprydningen dér.",
        ],
        "warnings": [
            "Stiltiende forlængelse betyder, at kontrakten løber videre, hvis I ikke reagerer. Det "
            "kan binde kommunen i flere år.",
        ],
        "links": [],
        "checklist": [
            "Alle it-kontrakter er registreret ét sted",
            "Hver kontrakt har en navngiven kontraktansvarlig",
            "Opsigelsesvarsler, optioner og prisregulering er registreret",
            "Databehandleraftaler og tilsynsfrister er registreret",
            "Licenser og brugere gennemgås mindst en gang om året",
        ],
    },
    {
        "slug": "foelg-op-paa-gevinsterne",
        "title": "Følg op på gevinsterne",
        "summary": (
            "Gevinster kommer ikke af sig selv. Opdatér business casen undervejs, og mål efter "
            "idriftsættelsen, om I fik det, I ville have."
        ),
        "phases": ["scope", "specification", "operation"],
        "roles": ["benefit_owner", "business_owner"],
        "topics": ["benefits", "business_case"],
        "steps": [
            (
                "Gør gevinsterne målbare",
                "Giv hver gevinst en indikator, en baseline, et mål og en dato. Mål baseline, før "
                "den nye løsning tages i brug.",
            ),
            (
                "Udpeg en gevinstejer",
                "Gevinstejeren er en leder i forretningen med mandat til at ændre arbejdsgangene, "
                "så gevinsten kan hentes.",
            ),
            (
                "Opdatér business casen",
                "Se business casen efter, når kontrakten er indgået, og igen når løsningen går i "
                "drift. Priser og tidsplaner ændrer sig.",
            ),
            (
                "Mål efter idriftsættelsen",
                "Mål indikatorerne efter en aftalt periode, fx efter 3, 6 og 12 måneder, og "
                "sammenlign med baseline og mål.",
            ),
            (
                "Handl på afvigelser",
                "Halter en gevinst, så find årsagen og lav en plan: oplæring, ændrede arbejdsgange "
                "eller justering af løsningen.",
            ),
            (
                "Afslut og lær",
                "Skriv kort, hvad I fik, hvad I ikke fik, og hvad den næste anskaffelse kan lære "
                "af det.",
            ),
        ],
        "tips": [
            "Vælg få indikatorer, som I allerede kan måle. En gevinst, der ikke kan måles, bliver "
            "sjældent fulgt op.",
        ],
        "warnings": [
            "Tag også ulemperne med. Et nyt system kan give mere arbejde ét sted, selv om det "
            "sparer tid et andet.",
        ],
        "links": [("Digitaliseringsstyrelsen", "https://digst.dk")],
        "checklist": [
            "Hver gevinst har indikator, baseline, mål og dato",
            "Gevinstejeren er udpeget og har mandat",
            "Business casen er opdateret efter kontraktindgåelsen",
            "Der er målt efter idriftsættelsen",
        ],
    },
    # --- Operation in detail -----------------------------------------------------------------
    {
        "slug": "fakturakontrol",
        "title": "Fakturakontrol mod kontrakten",
        "summary": (
            "Tjek at fakturaerne svarer til kontrakten: priser, antal, perioder og prisregulering. "
            "Også store leverandører sender regninger med fejl."
        ),
        "phases": ["operation"],
        "roles": ["contract_manager", "system_owner"],
        "topics": ["invoice", "contract"],
        "steps": [
            (
                "Knyt fakturaen til kontrakten",
                "Hver faktura skal kunne kobles til en kontrakt og et system. Bed leverandøren "
                "skrive kontraktnummer eller ordrereference på fakturaen.",
            ),
            (
                "Sammenhold priser og antal",
                "Tjek enhedspriser og antal licenser og brugere mod kontrakten og mod det, I "
                "faktisk bruger.",
            ),
            (
                "Tjek prisreguleringen",
                "Prisen må kun reguleres på det aftalte tidspunkt og efter det aftalte indeks. "
                "Regn selv den nye pris efter.",
            ),
            (
                "Tjek perioderne",
                "Se efter dobbeltfakturering, overlappende perioder og betaling for ydelser, før "
                "de er leveret eller godkendt.",
            ),
            (
                "Afklar afvigelser hurtigt",
                "Kontakt leverandøren om konkrete afvigelser. Hold betalingen af det omstridte "
                "beløb tilbage, hvis kontrakten giver mulighed for det.",
            ),
            (
                "Se efter mønstre",
                "Registrér afvigelserne, så I kan se, om det samme gentager sig, og tag det op på "
                "statusmøderne med leverandøren.",
            ),
        ],
        "tips": [
            "Brug platformens liste over fakturaafvigelser til at se, hvilke fakturaer der ikke "
            "matcher kontrakten.",
        ],
        "warnings": [
            "Betaler I en forkert faktura uden indsigelse, kan det være svært at få pengene "
            "tilbage senere.",
        ],
        "links": [],
        "checklist": [
            "Fakturaen kan kobles til en kontrakt",
            "Enhedspriser svarer til kontrakten",
            "Antal licenser svarer til det aftalte og det brugte",
            "Prisreguleringen følger det aftalte indeks og tidspunkt",
            "Perioden er ikke faktureret før",
            "Ydelsen er leveret og godkendt",
        ],
    },
    {
        "slug": "exit-faa-data-med-ud",
        "title": "Exit: få jeres data med ud",
        "summary": (
            "Planlæg ophøret allerede, når I indgår kontrakten. Sørg for at få data tilbage i et "
            "brugbart format, at databehandleren sletter, og at der er tid til overgangen."
        ),
        "phases": ["strategy", "specification", "operation"],
        "roles": ["contract_manager", "system_owner", "procurement_legal", "security"],
        "topics": ["exit", "contract"],
        "steps": [
            (
                "Skriv exit ind i kontrakten",
                "Aftal ophørsbistand og prisen for den, og hvordan og i hvilket format data "
                "udleveres. Det er svært at forhandle, når kontrakten er ved at udløbe.",
            ),
            (
                "Lav en exitplan",
                "Beskriv hvilke data, dokumenter og integrationer der skal flyttes, hvem der gør "
                "hvad, og hvor lang tid det tager.",
            ),
            (
                "Test et dataudtræk i god tid",
                "Bed om et prøveudtræk, og tjek at det er komplet og kan læses af et andet system, "
                "før den endelige overgang.",
            ),
            (
                "Afslut databehandleraftalen",
                "Sørg for at databehandleren og eventuelle underdatabehandlere tilbageleverer "
                "eller sletter personoplysningerne, og få dokumentation for det.",
            ),
            (
                "Planlæg et overlap",
                "Sæt tid af til, at den gamle og den nye løsning kan køre samtidig, så borgere og "
                "medarbejdere ikke står uden system.",
            ),
            (
                "Husk arkiv og adgange",
                "Aftal med arkivet, hvad der skal afleveres, og luk brugerkonti, integrationer og "
                "adgange, når løsningen lukkes.",
            ),
        ],
        "tips": [
            "Gennemgå exitplanen, hver gang kontrakten forlænges eller ændres væsentligt.",
        ],
        "warnings": [
            "Uden en exitplan kan kommunen blive bundet til en leverandør, fordi det er for dyrt "
            "eller for svært at komme ud.",
        ],
        "links": [("Datatilsynet", "https://www.datatilsynet.dk")],
        "checklist": [
            "Kontrakten beskriver ophørsbistand og dataudlevering",
            "Der findes en exitplan",
            "Et prøveudtræk af data er testet",
            "Databehandleren har dokumenteret sletning eller tilbagelevering",
            "Arkivering er afklaret",
            "Brugerkonti og integrationer er lukket",
        ],
    },
]

CHECKLISTS: list[Checklist] = [
    {
        "slug": "den-gode-anskaffelsesproces",
        "title": "Den gode anskaffelsesproces",
        "intro": (
            "Brug tjeklisten til at sikre, at I er kommet omkring det vigtigste i hver af de fem "
            "faser. Ikke alle punkter passer til alle anskaffelser – spring over med vilje, ikke "
            "ved et uheld."
        ),
        "phases": ALL_PHASES,
        "groups": [
            (
                "Afgrænsning og business case",
                [
                    (
                        "Behovet er beskrevet uden produktnavne",
                        "Beskriv problemet og målgruppen, så der er plads til flere løsninger.",
                    ),
                    (
                        "Eksisterende systemer og kontrakter er tjekket",
                        "Måske løser et system, kommunen allerede har, hele eller dele af behovet.",
                    ),
                    (
                        "Rollerne er besat",
                        "Forretningsejer, gevinstejer, systemejer og kontraktansvarlig er udpeget "
                        "og har tid til opgaven.",
                    ),
                    (
                        "Business casen er godkendt",
                        "Med gevinster, baseline og omkostninger over hele levetiden.",
                    ),
                ],
            ),
            (
                "Markedsafdækning",
                [
                    (
                        "Markedet er afdækket bredt",
                        "Også nye og mindre leverandører og andre kommuners løsninger er "
                        "undersøgt.",
                    ),
                    (
                        "Samspillet med arkitekturen er afklaret",
                        "Brug tjeklisten Arkitekturafklaring.",
                    ),
                    (
                        "Markedsdialogen er dokumenteret",
                        "Referater og materiale er gemt, og det, der bruges i udbuddet, deles med "
                        "alle tilbudsgivere.",
                    ),
                ],
            ),
            (
                "Udbudsstrategi",
                [
                    (
                        "Kontraktværdien er beregnet",
                        "Hele perioden med optioner, drift, support og licenser er medregnet.",
                    ),
                    (
                        "Udbudsformen er valgt og begrundet",
                        "Rammeaftale, EU-udbud, udbud med forhandling, agil kontrakt eller køb "
                        "under tærskelværdien.",
                    ),
                    (
                        "Opdeling i delkontrakter er overvejet",
                        "Skriv begrundelsen ned, hvis opgaven ikke opdeles.",
                    ),
                    (
                        "Vægtningen af pris og kvalitet er valgt bevidst",
                        "Passer vægtningen til opgaven, eller er den kopieret fra sidst?",
                    ),
                ],
            ),
            (
                "Behovsbeskrivelse og krav",
                [
                    (
                        "Forretningens behov fylder mest",
                        "Arbejdsgange og brugsscenarier er beskrevet, før de tekniske krav vælges.",
                    ),
                    (
                        "Fælles krav er valgt med omtanke",
                        "Hvert krav fra kravbanken er vurderet, og afvigelser er begrundet.",
                    ),
                    (
                        "Mindstekrav er holdt på et minimum",
                        "Kun det helt nødvendige er mindstekrav. Resten er tildelingskriterier.",
                    ),
                    (
                        "Exit og databehandling er med",
                        "Kontrakten beskriver dataudlevering, ophørsbistand og "
                        "databehandleraftale.",
                    ),
                ],
            ),
            (
                "Drift og kontraktstyring",
                [
                    (
                        "Kontrakten er registreret i oversigten",
                        "Med ejer, bilag, databehandleraftale og alle frister.",
                    ),
                    (
                        "Overtagelsesprøven er gennemført",
                        "Kravopfyldelsen er registreret, og afvigelser er fulgt op.",
                    ),
                    (
                        "Fakturaer kontrolleres mod kontrakten",
                        "Priser, antal, perioder og prisregulering tjekkes.",
                    ),
                    (
                        "Gevinsterne måles efter idriftsættelsen",
                        "Business casen er opdateret med de faktiske tal.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "arkitekturafklaring",
        "title": "Arkitekturafklaring",
        "intro": (
            "Brug tjeklisten, når I afdækker markedet og vælger krav, så løsningen passer ind i "
            "kommunens it-landskab og den fælleskommunale arkitektur. Inddrag it-arkitekt og "
            "informationssikkerhed."
        ),
        "phases": ["market", "strategy", "specification"],
        "groups": [
            (
                "Sammenhæng og portefølje",
                [
                    (
                        "Overlap med eksisterende systemer er undersøgt",
                        "Se i kontrakt- og systemoversigten, om kommunen allerede har systemer, "
                        "der løser samme opgave.",
                    ),
                    (
                        "Løsningens plads i landskabet er beskrevet",
                        "En enkel skitse over de systemer, løsningen skal spille sammen med, er "
                        "ofte nok.",
                    ),
                    (
                        "Brug af fælleskommunale komponenter er afklaret",
                        "Afklar om og hvordan løsningen skal bruge fælles infrastruktur, fx "
                        "støttesystemerne og Serviceplatformen.",
                    ),
                ],
            ),
            (
                "Data og integrationer",
                [
                    (
                        "Dataejeren er udpeget",
                        "Én person har ansvaret for de data, løsningen opretter og bruger.",
                    ),
                    (
                        "Integrationerne er listet",
                        "For hver integration: hvilke data, hvilken retning, hvor ofte og efter "
                        "hvilken standard.",
                    ),
                    (
                        "Data kan hentes ud i åbne formater",
                        "Både løbende og ved ophør, og dokumenteret, så et andet system kan bruge "
                        "dem.",
                    ),
                    (
                        "Brugen af standarder er afklaret",
                        "Brug fælles standarder for data og udveksling, hvor de findes, frem for "
                        "leverandørens egne formater.",
                    ),
                ],
            ),
            (
                "Sikkerhed og persondata",
                [
                    (
                        "Risikovurderingen er lavet",
                        "Vurdér risici for borgernes og kommunens data, og lad resultatet styre "
                        "sikkerhedskravene.",
                    ),
                    (
                        "Behovet for en konsekvensanalyse er vurderet",
                        "Behandles personoplysninger med høj risiko for borgerne, kræver "
                        "databeskyttelsesforordningen en konsekvensanalyse (DPIA).",
                    ),
                    (
                        "Databehandleraftale og tilsyn er planlagt",
                        "Aftalen følger kontrakten, og det er aftalt, hvor ofte og hvordan der "
                        "føres tilsyn.",
                    ),
                    (
                        "Log-in og rettigheder er afklaret",
                        "Hvordan logger brugerne ind, og hvordan tildeles og fjernes rettigheder?",
                    ),
                ],
            ),
            (
                "Drift, arkiv og exit",
                [
                    (
                        "Driftsformen er valgt",
                        "Cloud, leverandørens drift eller kommunens egen drift – hver med "
                        "betydning for sikkerhed, pris og exit.",
                    ),
                    (
                        "Arkivering er afklaret med arkivet",
                        "Afklar om løsningen rummer arkivværdige data, og hvordan de skal "
                        "afleveres.",
                    ),
                    (
                        "Exit er beskrevet",
                        "Hvordan kommer data og dokumenter ud, i hvilket format, og hvem betaler?",
                    ),
                ],
            ),
        ],
    },
]

ROLE_DESCRIPTIONS: list[RoleDescription] = [
    {
        "slug": "rolle-kontraktansvarlig",
        "role": "contract_manager",
        "title": "Kontraktansvarlig",
        "summary": (
            "Den kontraktansvarlige sørger for, at kommunen får det, kontrakten lover – og ikke "
            "betaler for mere. Rollen er med fra udbudsstrategien og bærer ansvaret i driften."
        ),
        "responsibilities": {
            "scope": [
                "Oplyser om eksisterende kontrakter, der kan dække behovet eller skal opsiges.",
            ],
            "market": [
                "Deler erfaringer med nuværende leverandører og kontraktvilkår.",
            ],
            "strategy": [
                "Giver input til kontraktform, optioner, opsigelsesvilkår og ophørsbistand.",
                "Sikrer at kontrakten kan styres: klare priser, frister og leverancer.",
            ],
            "specification": [
                "Sikrer at krav og bilag kan følges op i driften, fx serviceniveauer og "
                "rapportering.",
            ],
            "operation": [
                "Registrerer kontrakten med frister, bilag og databehandleraftale.",
                "Holder øje med frister for opsigelse, optioner og prisregulering.",
                "Kontrollerer fakturaer mod kontrakten og følger op på afvigelser.",
                "Gennemgår licenser og forbrug og indstiller det, ingen bruger, til opsigelse.",
            ],
        },
    },
    {
        "slug": "rolle-systemejer",
        "role": "system_owner",
        "title": "Systemejer",
        "summary": (
            "Systemejeren har ansvaret for, at systemet understøtter forretningen i hele sin "
            "levetid: drift, brugere, videreudvikling og udfasning."
        ),
        "responsibilities": {
            "scope": [
                "Deltager i afklaringen af behov og målbillede.",
                "Vurderer om eksisterende systemer kan bruges.",
            ],
            "market": [
                "Deltager i demonstrationer og dialog med leverandører.",
            ],
            "strategy": [
                "Giver input til driftsform, support og videreudvikling i kontrakten.",
            ],
            "specification": [
                "Bidrager til krav om drift, support, brugeradministration og exit.",
                "Godkender testplanen for overtagelsesprøven.",
            ],
            "operation": [
                "Ejer systemet i driften og prioriterer ønsker til ændringer.",
                "Følger op på serviceniveauer sammen med den kontraktansvarlige.",
                "Holder brugere og rettigheder opdaterede og sørger for, at der er en exitplan.",
            ],
        },
    },
    {
        "slug": "rolle-gevinstejer",
        "role": "benefit_owner",
        "title": "Gevinstejer",
        "summary": (
            "Gevinstejeren er leder i forretningen og ansvarlig for, at de gevinster, business "
            "casen lover, bliver hentet hjem."
        ),
        "responsibilities": {
            "scope": [
                "Formulerer gevinsterne med indikator, baseline og mål.",
                "Godkender business casen.",
            ],
            "market": [
                "Vurderer om løsningerne på markedet kan give de ønskede gevinster.",
            ],
            "strategy": [
                "Sikrer at tildelingskriterierne afspejler det, der skaber gevinsterne.",
            ],
            "specification": [
                "Tjekker at kravene understøtter gevinsterne, og at business casen er opdateret.",
            ],
            "operation": [
                "Gennemfører de ændringer i arbejdsgangene, der skal til for at hente gevinsterne.",
                "Måler indikatorerne efter idriftsættelsen og rapporterer til ledelsen.",
                "Handler på afvigelser og afslutter gevinstrealiseringen.",
            ],
        },
    },
    {
        "slug": "rolle-indkoeb-og-jura",
        "role": "procurement_legal",
        "title": "Indkøb og jura",
        "summary": (
            "Indkøb og jura sikrer, at anskaffelsen sker lovligt og på gode vilkår, og at "
            "udbudsform og kontrakt passer til det, der skal købes."
        ),
        "responsibilities": {
            "scope": [
                "Rådgiver tidligt om tidsplan, tærskelværdier og eksisterende rammeaftaler.",
            ],
            "market": [
                "Planlægger markedsdialogen, så den er lige for alle og dokumenteret.",
            ],
            "strategy": [
                "Anbefaler udbudsform, kontraktgrundlag og evalueringsmodel.",
                "Vurderer opdeling i delkontrakter og fælles indkøb med andre kommuner.",
            ],
            "specification": [
                "Udarbejder udbudsmaterialet og sikrer, at krav og kriterier er klare og lovlige.",
                "Sikrer at databehandleraftale, ophør og ændringsvilkår er med.",
            ],
            "operation": [
                "Rådgiver ved ændringer, tvister, forlængelser og genudbud.",
            ],
        },
    },
    {
        "slug": "rolle-it-arkitekt",
        "role": "it_architect",
        "title": "It-arkitekt",
        "summary": (
            "It-arkitekten sikrer, at løsningen passer ind i kommunens it-landskab og den "
            "fælleskommunale arkitektur – uden at kravene bliver tungere end nødvendigt."
        ),
        "responsibilities": {
            "scope": [
                "Beskriver it-landskabet omkring behovet og peger på mulige overlap.",
            ],
            "market": [
                "Vurderer leverandørernes løsninger op mod arkitekturen og behovet for "
                "integrationer.",
            ],
            "strategy": [
                "Rådgiver om opdeling, afhængigheder og risici ved forskellige løsningsmodeller.",
            ],
            "specification": [
                "Vælger relevante arkitekturkrav fra kravbanken og begrunder afvigelser.",
                "Gennemfører arkitekturafklaringen sammen med informationssikkerhed.",
            ],
            "operation": [
                "Følger op på, at arkitekturkravene er opfyldt ved levering.",
                "Holder overblikket over systemer og integrationer opdateret.",
            ],
        },
    },
    {
        "slug": "rolle-informationssikkerhed",
        "role": "security",
        "title": "Informationssikkerhed",
        "summary": (
            "Informationssikkerhed sikrer, at borgernes og kommunens data er beskyttet – fra "
            "risikovurderingen før udbuddet til tilsynet med databehandleren i driften."
        ),
        "responsibilities": {
            "scope": [
                "Vurderer tidligt, om der skal behandles personoplysninger eller fortrolige data.",
            ],
            "market": [
                "Spørger ind til leverandørernes sikkerhed, hosting og underdatabehandlere.",
            ],
            "strategy": [
                "Vurderer risici ved driftsform og ved, hvor data placeres.",
            ],
            "specification": [
                "Laver risikovurderingen og vurderer behovet for en konsekvensanalyse.",
                "Formulerer sikkerhedskrav, der står mål med risikoen, og kvalitetssikrer "
                "databehandleraftalen.",
            ],
            "operation": [
                "Planlægger og gennemfører tilsyn med databehandleren.",
                "Håndterer sikkerhedshændelser sammen med systemejer og leverandør.",
            ],
        },
    },
]
