"""The specification as ReqIF 1.2 XML for requirement tools, written with lxml.

The `reqif` package is not installed, so this writes the minimal structure by hand: header,
one string datatype, one spec-object type with string attributes, one spec-object per
included requirement (identified by the requirement's stable id) and one specification listing them
in document order.
"""

from lxml import etree

from . import SpecificationDocument, draft_notice

NAMESPACE = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
_ = "{%s}" % NAMESPACE  # noqa: UP031 - a Clark-notation prefix, not a message

ATTRIBUTES = (
    ("key", "Key"),
    ("number", "Number"),
    ("title", "Title"),
    ("text", "Text"),
    ("kind", "Kind"),
    ("weight", "Weight"),
    ("priority", "Priority"),
    ("version", "Bank version"),
)


def _identifier(prefix: str, value: object) -> str:
    # ReqIF identifiers are xsd:ID values, which may not start with a digit.
    return f"{prefix}-{value}"


def _el(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(
        parent, _ + tag, {k.replace("_", "-"): v for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def render_reqif(document: SpecificationDocument) -> bytes:
    stamp = document.generated_at.isoformat(timespec="seconds")
    root = etree.Element(_ + "REQ-IF", nsmap={None: NAMESPACE})
    header = _el(
        _el(root, "THE-HEADER"),
        "REQ-IF-HEADER",
        IDENTIFIER=_identifier("header", document.specification_id),
    )
    comment = f"{document.organisation} · bank release {document.release}"
    if document.draft:
        comment += f" · {draft_notice()}"
    _el(header, "COMMENT", comment)
    _el(header, "CREATION-TIME", stamp)
    _el(header, "REQ-IF-TOOL-ID", "Kommune-IT")
    _el(header, "REQ-IF-VERSION", "1.0")
    _el(header, "SOURCE-TOOL-ID", "Kommune-IT")
    _el(header, "TITLE", document.title)

    content = _el(_el(root, "CORE-CONTENT"), "REQ-IF-CONTENT")
    datatypes = _el(content, "DATATYPES")
    _el(
        datatypes,
        "DATATYPE-DEFINITION-STRING",
        IDENTIFIER="datatype-string",
        LAST_CHANGE=stamp,
        LONG_NAME="String",
        MAX_LENGTH="100000",
    )
    spec_types = _el(content, "SPEC-TYPES")
    object_type = _el(
        spec_types,
        "SPEC-OBJECT-TYPE",
        IDENTIFIER="type-requirement",
        LAST_CHANGE=stamp,
        LONG_NAME="Requirement",
    )
    definitions = _el(object_type, "SPEC-ATTRIBUTES")
    for name, label in ATTRIBUTES:
        definition = _el(
            definitions,
            "ATTRIBUTE-DEFINITION-STRING",
            IDENTIFIER=_identifier("attribute", name),
            LAST_CHANGE=stamp,
            LONG_NAME=label,
        )
        _el(_el(definition, "TYPE"), "DATATYPE-DEFINITION-STRING-REF", "datatype-string")
    _el(
        spec_types,
        "SPECIFICATION-TYPE",
        IDENTIFIER="type-specification",
        LAST_CHANGE=stamp,
        LONG_NAME="Specification",
    )

    objects = _el(content, "SPEC-OBJECTS")
    for item in document.included:
        spec_object = _el(
            objects,
            "SPEC-OBJECT",
            IDENTIFIER=_identifier("requirement", item.stable_id),
            LAST_CHANGE=stamp,
            LONG_NAME=f"{item.key} {item.title}",
        )
        values = _el(spec_object, "VALUES")
        for name, _label in ATTRIBUTES:
            value = getattr(item, name)
            value = item.kind_label if name == "kind" else value
            attribute = _el(
                values, "ATTRIBUTE-VALUE-STRING", THE_VALUE="" if value is None else str(value)
            )
            _el(
                _el(attribute, "DEFINITION"),
                "ATTRIBUTE-DEFINITION-STRING-REF",
                _identifier("attribute", name),
            )
        _el(_el(spec_object, "TYPE"), "SPEC-OBJECT-TYPE-REF", "type-requirement")

    specifications = _el(content, "SPECIFICATIONS")
    specification = _el(
        specifications,
        "SPECIFICATION",
        IDENTIFIER=_identifier("specification", document.specification_id),
        LAST_CHANGE=stamp,
        LONG_NAME=document.title,
    )
    # A flat hierarchy in document order; the "Number" attribute carries the section numbering.
    children = _el(specification, "CHILDREN")
    for item in document.included:
        node = _el(
            children,
            "SPEC-HIERARCHY",
            IDENTIFIER=_identifier("node", item.item_id),
            LAST_CHANGE=stamp,
        )
        _el(_el(node, "OBJECT"), "SPEC-OBJECT-REF", _identifier("requirement", item.stable_id))
    _el(_el(specification, "TYPE"), "SPECIFICATION-TYPE-REF", "type-specification")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
