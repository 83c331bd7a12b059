"""Bar charts as inline SVG, written with lxml: no script, no web font.

Each label sits on its own line above its bar, so the chart is narrow enough
to fill a phone at its natural size: 12 px text stays 12 px on a 390 px screen.
"""

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
ROW, WIDTH, VALUE_ROOM = 40, 360, 44
LONGEST_LABEL = 52  # characters; the table beside the chart has the full name


def bar_chart(title: str, bars: list[tuple[str, int]], chart_id: str) -> str:
    """Horizontal bars, one per (label, value), the label above, the value beside."""
    height = ROW * len(bars) + 6
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
    room = WIDTH - VALUE_ROOM
    for position, (label, value) in enumerate(bars):
        y = position * ROW
        text = etree.SubElement(root, f"{{{SVG}}}text", x="0", y=str(y + 14))
        text.text = (
            label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1] + "…"
        )
        width = round(room * value / largest, 1)
        etree.SubElement(
            root,
            f"{{{SVG}}}rect",
            x="0",
            y=str(y + 20),
            width=str(width),
            height="14",
            **{"class": "dh-chart__bar"},
        )
        shown = etree.SubElement(
            root, f"{{{SVG}}}text", x=str(round(width + 6, 1)), y=str(y + 32)
        )
        shown.text = str(value)
    return etree.tostring(root, encoding="unicode")
