"""schema.org NewsArticle JSON-LD for a story, safe to put inside <script>."""

import json

from tintuc.shared.embeds import iso_duration

from .items import absolute_url

# Characters that could end the <script> element or start a comment in HTML.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(document: dict) -> str:
    """JSON that cannot break out of ``<script type="application/ld+json">``."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True).translate(
        SCRIPT_SAFE
    )


def news_article(article, siteurl: str, settings: dict) -> dict:
    """The NewsArticle description of a story."""
    modified = getattr(article, "modified", None) or article.date
    image = getattr(article, "social_image", None) or {}
    logo = absolute_url(
        siteurl, f"{settings['THEME_STATIC_DIR']}/{settings['FEEDS_LOGO']}"
    )
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.metadata.get("summary", ""),
        "url": absolute_url(siteurl, article.url),
        "mainEntityOfPage": absolute_url(siteurl, article.url),
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": "vi",
        "articleSection": article.category.name,
        "author": [
            {"@type": "Person", "name": author.name}
            for author in getattr(article, "authors", [])
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings["SITE_OWNER"],
            "logo": {"@type": "ImageObject", "url": logo},
        },
    }
    embed = getattr(article, "video_embed", None)
    if embed:
        video = {
            "@type": "VideoObject",
            "name": article.title,
            "description": article.metadata.get("summary", "") or article.title,
            "uploadDate": article.date.isoformat(),
            "embedUrl": embed,
        }
        if image:
            video["thumbnailUrl"] = [absolute_url(siteurl, image["url"])]
        if getattr(article, "video_seconds", None):
            video["duration"] = iso_duration(article.video_seconds)
        document["video"] = video
    if image:
        document["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute_url(siteurl, image["url"]),
                "width": image["width"],
                "height": image["height"],
            }
        ]
    return document
