"""Bar charts as inline SVG, written with lxml: no script, no web font."""

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
ROW, LABEL, WIDTH = 26, 230, 640


def bar_chart(title: str, bars: list[tuple[str, int]], chart_id: str) -> str:
    """Horizontal bars, one per (label, value), with the value printed beside."""
    height = ROW * len(bars) + 10
    root = etree.Element(
        f"{{{SVG}}}svg",
        nsmap={None: SVG},
        viewBox=f"0 0 {WIDTH} {height}",
        width=str(WIDTH),
        height=str(height),
        role="img",
        **{"aria-labelledby": chart_id},
    )
    etree.SubElement(root, f"{{{SVG}}}title", id=chart_id).text = title
    largest = max((value for _, value in bars), default=0) or 1
    room = WIDTH - LABEL - 50
    for position, (label, value) in enumerate(bars):
        y = position * ROW + 5
        text = etree.SubElement(
            root,
            f"{{{SVG}}}text",
            x=str(LABEL - 8),
            y=str(y + 16),
            **{"text-anchor": "end"},
        )
        text.text = label if len(label) <= 32 else label[:31] + "…"
        etree.SubElement(
            root,
            f"{{{SVG}}}rect",
            x=str(LABEL),
            y=str(y + 3),
            width=str(round(room * value / largest, 1)),
            height=str(ROW - 8),
            **{"class": "dh-chart__bar"},
        )
        shown = etree.SubElement(
            root,
            f"{{{SVG}}}text",
            x=str(LABEL + room * value / largest + 6),
            y=str(y + 16),
        )
        shown.text = str(value)
    return etree.tostring(root, encoding="unicode")
