"""A document's JSON-LD.

A decision or a directive (quyết định, chỉ thị) has legal force: schema.org
``Legislation`` (number, type, date, issuer, in force or not). A letter, plan,
notice or report has none: ``DigitalDocument``. The type's ``schema`` in
``document_types.toml`` says which.
"""

from tintuc.feeds.items import absolute_url
from tintuc.feeds.social import script_safe_json
from tintuc.shared import reads


def document_json_ld(document, siteurl: str, settings: dict) -> dict:
    """The schema.org description of one document."""
    kind = document.document_type
    schema = kind.schema if kind else "DigitalDocument"
    issuer = {
        "@type": "GovernmentOrganization",
        "name": getattr(document.issuer, "name", ""),
    }
    described = {
        "@context": "https://schema.org",
        "@type": schema,
        "name": document.title,
        "identifier": document.number,
        "url": absolute_url(siteurl, document.url),
        "inLanguage": "vi",
        "datePublished": document.date.date().isoformat(),
        "publisher": {"@type": "Organization", "name": settings["SITE_OWNER"]},
        "encoding": [
            {
                "@type": "MediaObject",
                "contentUrl": absolute_url(siteurl, file["url"]),
                "encodingFormat": "application/pdf",
                "name": file["label"],
            }
            for file in document.attachments
        ],
    }
    if schema == "Legislation":
        described |= {
            "legislationIdentifier": document.number,
            "legislationType": kind.name,
            "legislationDate": document.date.date().isoformat(),
            "legislationPassedBy": issuer,
            "legislationLegalForce": (
                "InForce" if document.legal_status == "Còn hiệu lực" else "NotInForce"
            ),
        }
        if document.replaces:
            described["legislationChanges"] = [
                absolute_url(siteurl, old.url) for old in document.replaces
            ]
    else:
        described["author"] = issuer
    if document.cites:
        described["citation"] = [absolute_url(siteurl, d.url) for d in document.cites]
    return described


def document_json_ld_filter(settings: dict):
    """The ``document_json_ld`` template filter, safe inside <script>."""

    def render(document) -> str:
        # It reads the URLs of the documents this one replaces and cites.
        reads.note([getattr(document, "replaces", []), getattr(document, "cites", [])])
        return script_safe_json(
            document_json_ld(document, settings["SITEURL"], settings)
        )

    return render
