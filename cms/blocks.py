"""StreamField blocks of the guidance pages: steps, tips, warnings, links and checklists."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

PREVIEW_TEMPLATE = "cms/blocks/preview.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        label = _("Paragraph")
        icon = "pilcrow"
        template = "cms/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>Kort tekst, der forklarer <b>hvorfor</b> guiden er vigtig. "
            "Hold den på få linjer.</p>"
        )
        description = _("A short piece of text. Keep it to a few lines.")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    text = blocks.TextBlock(label=_("What to do"))

    class Meta:
        label = _("Step")
        icon = "arrow-right"
        template = "cms/blocks/step.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Registrér kontrakten",
            "text": "Læg kontrakt og bilag i kontraktoversigten med alle frister.",
        }
        description = _("One step: a short heading and what to do.")


class StepsBlock(blocks.StructBlock):
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        label = _("Steps")
        icon = "list-ol"
        template = "cms/blocks/steps.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "steps": [
                {
                    "title": "Beskriv behovet",
                    "text": "Skriv i få linjer, hvilket problem I vil løse, og for hvem.",
                },
                {
                    "title": "Få en beslutning",
                    "text": "Forelæg business casen for den rette beslutningstager.",
                },
            ]
        }
        description = _("Numbered steps to follow in order.")


class TipBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Tip"))

    class Meta:
        label = _("Tip")
        icon = "help"
        template = "cms/blocks/tip.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Tag en medarbejder fra den daglige drift med."}
        description = _("Good advice from experience.")


class WarningBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Warning"))

    class Meta:
        label = _("Warning")
        icon = "warning"
        template = "cms/blocks/warning.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Opsigelsesfristen kan ligge et år før kontraktens udløb."}
        description = _("A pitfall to avoid.")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=200)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        label = _("Link")
        icon = "link-external"
        template = "cms/blocks/link.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"label": "KL – Kommunernes Landsforening", "url": "https://www.kl.dk"}
        description = _("A link to a page on another site.")


class LinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=100, required=False)
    links = blocks.ListBlock(LinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        label = _("Links")
        icon = "link"
        template = "cms/blocks/links.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "heading": "",
            "links": [
                {"label": "KL – Kommunernes Landsforening", "url": "https://www.kl.dk"},
                {"label": "Digitaliseringsstyrelsen", "url": "https://digst.dk"},
            ],
        }
        description = _("Links to read more elsewhere.")


class ChecklistBlock(blocks.StructBlock):
    """A short list of points to check, shown inside a quick guide (not saved per use)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Points"), min_num=1)

    class Meta:
        label = _("Checklist")
        icon = "tasks"
        template = "cms/blocks/checklist.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "",
            "items": ["Kontrakten er registreret", "Fristerne er i kalenderen"],
        }
        description = _("Points to check before you move on.")


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a quick guide."""

    paragraph = ParagraphBlock()
    steps = StepsBlock()
    tip = TipBlock()
    warning = WarningBlock()
    links = LinksBlock()
    checklist = ChecklistBlock()

    class Meta:
        block_counts = {"checklist": {"max_num": 1}}


class ChecklistItemBlock(blocks.StructBlock):
    """One point of a checklist page; its list item id is the stable key runs refer to."""

    text = blocks.CharBlock(label=_("Point"), max_length=300)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)

    class Meta:
        label = _("Point")
        icon = "tick"
        template = "cms/blocks/checklist_item.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "text": "Gevinsterne har en ejer",
            "help_text": "Gevinstejeren er leder i forretningen.",
        }
        description = _("A point to check, with help on how to check it.")


class ChecklistGroupBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Group"), max_length=200)
    items = blocks.ListBlock(ChecklistItemBlock(), label=_("Points"), min_num=1)

    class Meta:
        label = _("Group of points")
        icon = "list-ul"
        template = "cms/blocks/checklist_group.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Drift og kontraktstyring",
            "items": [
                {"text": "Kontrakten er registreret", "help_text": "Med bilag og frister."},
                {"text": "Fakturaer kontrolleres", "help_text": "Mod kontraktens priser."},
            ],
        }
        description = _("A heading with the points that belong under it.")


class ChecklistStreamBlock(blocks.StreamBlock):
    group = ChecklistGroupBlock()


class PhaseResponsibilitiesBlock(blocks.StructBlock):
    phase = SnippetChooserBlock("cms.Phase", label=_("Phase"))
    duties = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Responsibilities"), min_num=1
    )

    class Meta:
        label = _("Responsibilities in a phase")
        icon = "user"
        template = "cms/blocks/phase_responsibilities.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "phase": None,
            "duties": [
                "Registrerer kontrakten med frister og bilag.",
                "Kontrollerer fakturaer mod kontrakten.",
            ],
        }
        description = _("What the role does in one phase.")


class ResponsibilitiesStreamBlock(blocks.StreamBlock):
    phase = PhaseResponsibilitiesBlock()
