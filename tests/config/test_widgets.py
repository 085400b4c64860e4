"""QuickSelect writes the same <select> markup as Django's Select, with one query for a model."""

from unittest import mock

import lxml.html
import pytest
from django import forms
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext_lazy

from config.widgets import QuickSelect, QuickSelectMultiple
from contracts.models import Supplier
from organisations.roles import Role
from organisations.scoping import tenant
from tests.contracts.factories import ContractFactory, SupplierFactory

BOOLEAN_ATTRIBUTES = {"selected", "required", "multiple", "disabled"}


def attributes(element) -> dict:
    # lxml gives a bare boolean attribute as "" or as its own name, depending on context.
    return {
        name: True if name in BOOLEAN_ATTRIBUTES and value in ("", name) else value
        for name, value in element.attrib.items()
    }


def parse_select(html: str) -> dict:
    """The <select>'s attributes and its options (in groups), independent of whitespace."""
    select = lxml.html.fragment_fromstring(str(html))
    assert select.tag == "select"

    def option(element) -> tuple:
        return (element.get("value"), element.text_content(), attributes(element))

    children = []
    for child in select:
        if child.tag == "optgroup":
            children.append(("optgroup", child.get("label"), [option(opt) for opt in child]))
        else:
            assert child.tag == "option"
            children.append(option(child))
    return {"attrs": attributes(select), "children": children}


def options(parsed: dict) -> list[tuple]:
    """(value, label, selected) of every option, groups flattened."""
    flat = []
    for child in parsed["children"]:
        flat.extend(child[2] if child[0] == "optgroup" else [child])
    return [(value, label, "selected" in attrs) for value, label, attrs in flat]


def render_pair(choices, data=None, *, multiple=False, required=True, initial=None, attrs=None):
    """The same bound field rendered with Django's widget and with the quick one."""
    rendered = []
    for widget_class in (
        (forms.SelectMultiple, QuickSelectMultiple) if multiple else (forms.Select, QuickSelect)
    ):
        field_class = forms.MultipleChoiceField if multiple else forms.ChoiceField
        form_class = type(
            "PickForm",
            (forms.Form,),
            {
                "pick": field_class(
                    choices=choices,
                    required=required,
                    initial=initial,
                    widget=widget_class(attrs=attrs),
                )
            },
        )
        form = form_class(data) if data is not None else form_class()
        rendered.append(str(form["pick"]))
    return rendered


FLAT = [("", "---"), ("a", "Alfa"), ("b", "Beta"), ("c", "Gamma")]
GROUPED = [
    ("", "Vælg land"),
    ("Norden", [("dk", "Danmark"), ("se", "Sverige")]),
    ("Resten", [("de", "Tyskland")]),
    ("xx", "Andet"),
]
ESCAPED = [("", "---"), ("a&b", "A & <B>"), ('"q"<v>', 'Citat "x" & <i>kursiv</i>')]
DUPLICATES = [("x", "Første"), ("x", "Anden"), ("y", "Tredje")]
NUMBERS = [(1, "En"), (2, "To"), (3, "Tre")]
LAZY = [("", gettext_lazy("All")), ("active", gettext_lazy("Active"))]


@pytest.mark.parametrize(
    ("choices", "data", "required"),
    [
        (FLAT, None, True),
        (FLAT, {"pick": "b"}, True),
        (FLAT, {"pick": ""}, False),
        (FLAT, {"pick": "not-a-choice"}, True),
        (GROUPED, {"pick": "se"}, True),
        (GROUPED, {"pick": "xx"}, False),
        (ESCAPED, {"pick": "a&b"}, True),
        (ESCAPED, {"pick": '"q"<v>'}, True),
        (DUPLICATES, {"pick": "x"}, True),
        (NUMBERS, {"pick": "2"}, True),
        (LAZY, {"pick": "active"}, False),
    ],
    ids=[
        "unbound",
        "chosen",
        "empty-optional",
        "invalid",
        "grouped",
        "grouped-top-level",
        "escaped-1",
        "escaped-2",
        "duplicates",
        "integers",
        "lazy-labels",
    ],
)
def test_single_select_matches_djangos_select(choices, data, required):
    django_html, quick_html = render_pair(choices, data, required=required)
    assert parse_select(quick_html) == parse_select(django_html)


@pytest.mark.parametrize(
    ("choices", "data"),
    [
        (FLAT[1:], None),
        (FLAT[1:], {"pick": ["a", "c"]}),
        (GROUPED[1:], {"pick": ["dk", "de", "xx"]}),
        (ESCAPED[1:], {"pick": ["a&b", '"q"<v>']}),
        (DUPLICATES, {"pick": ["x"]}),
    ],
    ids=["unbound", "two-chosen", "grouped", "escaped", "duplicates"],
)
def test_multiple_select_matches_djangos_select_multiple(choices, data):
    django_html, quick_html = render_pair(choices, data, multiple=True)
    assert parse_select(quick_html) == parse_select(django_html)


def test_select_attributes_id_required_and_extra_attrs():
    django_html, quick_html = render_pair(FLAT, {"pick": "a"}, attrs={"class": "wide"})
    parsed = parse_select(quick_html)
    assert parsed["attrs"] == {"name": "pick", "id": "id_pick", "required": True, "class": "wide"}
    assert parsed == parse_select(django_html)


def test_multiple_select_is_marked_multiple():
    django_html, quick_html = render_pair(FLAT[1:], {"pick": ["a"]}, multiple=True)
    parsed = parse_select(quick_html)
    assert parsed["attrs"] == {"name": "pick", "id": "id_pick", "required": True, "multiple": True}
    assert parsed == parse_select(django_html)


def test_optional_select_has_no_required_attribute():
    _django_html, quick_html = render_pair(FLAT, {"pick": ""}, required=False)
    assert "required" not in parse_select(quick_html)["attrs"]


def test_option_groups_hold_their_options():
    _django_html, quick_html = render_pair(GROUPED, {"pick": "se"})
    assert parse_select(quick_html)["children"] == [
        ("", "Vælg land", {"value": ""}),
        (
            "optgroup",
            "Norden",
            [
                ("dk", "Danmark", {"value": "dk"}),
                ("se", "Sverige", {"value": "se", "selected": True}),
            ],
        ),
        ("optgroup", "Resten", [("de", "Tyskland", {"value": "de"})]),
        ("xx", "Andet", {"value": "xx"}),
    ]


def test_labels_and_values_are_escaped():
    _django_html, quick_html = render_pair(ESCAPED, {"pick": '"q"<v>'})
    assert "<B>" not in quick_html and "<i>" not in quick_html
    assert "A &amp; &lt;B&gt;" in quick_html
    assert options(parse_select(quick_html)) == [
        ("", "---", False),
        ("a&b", "A & <B>", False),
        ('"q"<v>', 'Citat "x" & <i>kursiv</i>', True),
    ]


def test_group_label_is_escaped():
    choices = [("<Nord & Syd>", [("n", "Nord")])]
    django_html, quick_html = render_pair(choices, {"pick": "n"})
    assert "<Nord" not in quick_html
    assert parse_select(quick_html)["children"][0][1] == "<Nord & Syd>"
    assert parse_select(quick_html) == parse_select(django_html)


def test_single_select_marks_only_the_first_matching_option():
    _django_html, quick_html = render_pair(DUPLICATES, {"pick": "x"})
    assert options(parse_select(quick_html)) == [
        ("x", "Første", True),
        ("x", "Anden", False),
        ("y", "Tredje", False),
    ]


def test_first_match_across_groups_only():
    choices = [("G1", [("x", "En")]), ("G2", [("x", "To")])]
    django_html, quick_html = render_pair(choices, {"pick": "x"})
    assert [selected for *_rest, selected in options(parse_select(quick_html))] == [True, False]
    assert parse_select(quick_html) == parse_select(django_html)


def test_multiple_select_marks_every_matching_option():
    _django_html, quick_html = render_pair(DUPLICATES, {"pick": ["x"]}, multiple=True)
    assert [selected for *_rest, selected in options(parse_select(quick_html))] == [
        True,
        True,
        False,
    ]


def test_unbound_select_selects_the_initial_value():
    django_html, quick_html = render_pair(FLAT, initial="c")
    assert [value for value, _label, selected in options(parse_select(quick_html)) if selected] == [
        "c"
    ]
    assert parse_select(quick_html) == parse_select(django_html)


# -- model choices -----------------------------------------------------------------------------


class SupplierForm(forms.Form):
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), required=False, widget=QuickSelect
    )
    suppliers = forms.ModelMultipleChoiceField(
        queryset=Supplier.objects.none(), required=False, widget=QuickSelectMultiple
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("supplier", "suppliers"):
            self.fields[name].queryset = Supplier.objects.filter(organisation=organisation)


class DjangoSupplierForm(SupplierForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].widget = forms.Select(choices=self.fields["supplier"].choices)
        self.fields["suppliers"].widget = forms.SelectMultiple(
            choices=self.fields["suppliers"].choices
        )


@pytest.fixture
def suppliers(org_a, org_b):
    return {
        "beta": SupplierFactory(organisation=org_a, name="Beta Data A/S"),
        "alfa": SupplierFactory(organisation=org_a, name="Alfa & <Co> ApS"),
        "other": SupplierFactory(organisation=org_b, name="Sydhavn Soft A/S"),
    }


def test_model_select_lists_empty_label_then_the_organisations_rows(
    org_a, suppliers, django_assert_num_queries
):
    with tenant(org_a):
        form = SupplierForm({"supplier": str(suppliers["beta"].pk)}, organisation=org_a)
        assert form.is_valid()  # validation reads the chosen row; rendering is measured alone
        with django_assert_num_queries(1):
            html = str(form["supplier"])
    assert options(parse_select(html)) == [
        ("", "---------", False),
        (str(suppliers["alfa"].pk), "Alfa & <Co> ApS", False),
        (str(suppliers["beta"].pk), "Beta Data A/S", True),
    ]
    assert "Sydhavn" not in html


def test_model_select_matches_djangos_select(org_a, suppliers):
    data = {"supplier": str(suppliers["alfa"].pk)}
    with tenant(org_a):
        quick = str(SupplierForm(data, organisation=org_a)["supplier"])
        django = str(DjangoSupplierForm(data, organisation=org_a)["supplier"])
    assert parse_select(quick) == parse_select(django)


def test_model_select_uses_str_of_the_object(org_a, suppliers, monkeypatch):
    monkeypatch.setattr(Supplier, "__str__", lambda self: f"Lev. {self.name.upper()}")
    with tenant(org_a):
        html = str(SupplierForm(organisation=org_a)["supplier"])
    assert [label for _value, label, _selected in options(parse_select(html))][1:] == [
        "Lev. ALFA & <CO> APS",
        "Lev. BETA DATA A/S",
    ]


def test_model_select_selects_the_initial_instance(org_a, suppliers):
    with tenant(org_a):
        form = SupplierForm(initial={"supplier": suppliers["alfa"]}, organisation=org_a)
        html = str(form["supplier"])
    selected = [value for value, _label, selected in options(parse_select(html)) if selected]
    assert selected == [str(suppliers["alfa"].pk)]


def test_model_select_reads_rows_without_a_server_side_cursor(
    org_a, suppliers, django_assert_num_queries
):
    # Django's ModelChoiceIterator streams through connection.chunked_cursor() (a named cursor
    # on PostgreSQL); the quick widget must read the rows with one ordinary query.
    with tenant(org_a):
        form = SupplierForm(organisation=org_a)
        with (
            mock.patch.object(connection, "chunked_cursor", side_effect=AssertionError("chunked")),
            django_assert_num_queries(1),
        ):
            html = str(form["supplier"])
    assert len(options(parse_select(html))) == 3


def test_model_multiple_select_has_no_empty_label_and_selects_each_value(
    org_a, suppliers, django_assert_num_queries
):
    data = {"suppliers": [str(suppliers["alfa"].pk), str(suppliers["beta"].pk)]}
    with tenant(org_a):
        form = SupplierForm(data, organisation=org_a)
        assert form.is_valid()
        with django_assert_num_queries(1):
            html = str(form["suppliers"])
    assert options(parse_select(html)) == [
        (str(suppliers["alfa"].pk), "Alfa & <Co> ApS", True),
        (str(suppliers["beta"].pk), "Beta Data A/S", True),
    ]
    with tenant(org_a):
        django = str(DjangoSupplierForm(data, organisation=org_a)["suppliers"])
    assert parse_select(html) == parse_select(django)


def test_required_model_select_with_initial_has_no_empty_label(org_a, suppliers):
    class RequiredForm(forms.Form):
        supplier = forms.ModelChoiceField(
            queryset=Supplier.objects.none(), initial=None, widget=QuickSelect
        )

    with tenant(org_a):
        form = RequiredForm(initial={"supplier": suppliers["beta"].pk})
        form.fields["supplier"].queryset = Supplier.objects.filter(organisation=org_a)
        form.fields["supplier"].empty_label = None
        html = str(form["supplier"])
    assert [value for value, _label, _selected in options(parse_select(html))] == [
        str(suppliers["alfa"].pk),
        str(suppliers["beta"].pk),
    ]


# -- the contract list's filter -----------------------------------------------------------------


def manager_filter(response) -> list[tuple]:
    assert response.status_code == 200
    document = lxml.html.document_fromstring(response.content.decode())
    [select] = document.xpath(
        '//form[contains(@class, "filters")]//select[@name="contract_manager"]'
    )
    return [
        (option.get("value"), option.text_content(), "selected" in option.attrib)
        for option in select.findall("option")
    ]


@pytest.mark.django_db
def test_contract_list_filter_offers_the_organisations_managers_and_keeps_the_choice(
    org_a, org_b, make_member, client_for
):
    chosen = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Karin", last_name="Å<b>")
    make_member(org_a, Role.READER, first_name="Læser")
    make_member(org_b, Role.CONTRACT_MANAGER, first_name="Sydhavn")
    ContractFactory(organisation=org_a, contract_manager=chosen, title="Karins kontrakt")
    ContractFactory(organisation=org_a, title="Ingens kontrakt")
    client = client_for(chosen)
    url = reverse("contracts:contract-list")

    assert manager_filter(client.get(url)) == [
        ("", "Alle", True),
        (str(chosen.pk), "Karin Å<b>", False),
    ]
    response = client.get(url, {"contract_manager": chosen.pk})
    assert [value for value, _label, selected in manager_filter(response) if selected] == [
        str(chosen.pk)
    ]
    assert "Karins kontrakt" in response.content.decode()
    assert "Ingens kontrakt" not in response.content.decode()
