"""The report written as the office files it: a workbook, CSV files and HTML.

Everything goes to a temporary folder first and is renamed into place only
when whole, so a refused or failed report writes nothing.
"""

import csv
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .money import format_dong

MONEY = "#,##0"
HERE = Path(__file__).parent
# Text a spreadsheet would run as a formula (a title such as "=HYPERLINK(…)").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cells) -> None:
    """Keep every string of a row of written values as text, never a formula."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"


def csv_safe(value):
    """A CSV field Excel will not run: a leading ' before a formula's first sign."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_sheet(book, table, header_row: int = 1):
    """One sheet: bold frozen headers, widths, totals as formulas."""
    sheet = book.create_sheet(table.title[:31])
    sheet.append(table.headers)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append(row)
        as_text(sheet[sheet.max_row])
    last = sheet.max_row
    if table.totals is not None:
        totals = []
        for column, value in enumerate(table.totals, start=1):
            if isinstance(value, (int, float)) and column > 1:
                letter = get_column_letter(column)
                totals.append(f"=SUM({letter}{header_row + 1}:{letter}{last})")
            else:
                totals.append(value)
        sheet.append(totals)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for column in table.money_columns:
        for cells in sheet.iter_rows(
            min_row=header_row + 1, min_col=column + 1, max_col=column + 1
        ):
            cells[0].number_format = MONEY
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    for column, header in enumerate(table.headers, start=1):
        widest = max([len(str(header))] + [len(str(r[column - 1])) for r in table.rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(48, widest + 2)
    return sheet


def royalty_sheet(book, lines, scale, words: str, period):
    """Bảng tính nhuận bút: the point value in B3, every amount a formula of it."""
    sheet = book.create_sheet("Nhuận bút")
    sheet["A1"] = f"BẢNG TÍNH NHUẬN BÚT {period.title.upper()}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = f"Căn cứ: {scale.decision}" + (
        " (SỐ LIỆU MẪU)" if scale.sample else ""
    )
    sheet["A3"], sheet["B3"] = "Giá trị một điểm (đồng)", scale.point_value
    sheet["B3"].number_format = MONEY
    headers = [
        "STT", "Tác giả", "Bút danh", "Tác phẩm", "Thể loại", "Ngày", "Đơn vị",
        "Hệ số", "Hệ số mặc định", "Tỷ lệ", "Thành tiền (đồng)",
    ]  # fmt: skip
    sheet.append([])
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    subtotal_cells, author, first = [], None, None

    def close_author():
        if author is None:
            return
        sheet.append(
            ["", f"Cộng {author}"] + [""] * 8 + [f"=SUM(K{first}:K{sheet.max_row})"]
        )
        sheet.cell(row=sheet.max_row, column=11).number_format = MONEY
        sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
        subtotal_cells.append(f"K{sheet.max_row}")

    for number, line in enumerate(lines, start=1):
        if line.author != author:
            close_author()
            author, first = line.author, sheet.max_row + 1
        row = sheet.max_row + 1
        sheet.append(
            [number, line.author, line.pen_name, line.title, line.kind, line.date,
             line.unit, line.coefficient, "có" if line.is_default else "", line.share,
             f"=ROUND(H{row}*$B$3*J{row},0)"]
        )  # fmt: skip
        as_text(sheet[row][:10])  # the written values; column K is our formula
        sheet.cell(row=row, column=11).number_format = MONEY
        sheet.cell(row=row, column=10).number_format = "0.00"
    close_author()
    sheet.append(["", "TỔNG CỘNG"] + [""] * 8 + [f"={'+'.join(subtotal_cells) or 0}"])
    sheet.cell(row=sheet.max_row, column=11).number_format = MONEY
    sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
    sheet.append(["", f"Bằng chữ: {words}"])
    sheet.append([])
    sheet.append(["", "Người lập biểu", "", "", "Kế toán", "", "", "Thủ trưởng đơn vị"])
    sheet.append(["", "(Ký, ghi rõ họ tên)", "", "", "(Ký, ghi rõ họ tên)", "", "",
                  "(Ký, họ tên, đóng dấu)"])  # fmt: skip
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    for letter, width in zip(
        "ABCDEFGHIJK", (5, 22, 14, 48, 12, 11, 30, 8, 9, 7, 16), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    return sheet


def workbook_bytes(tables, lines, scale, words, period, *, made) -> bytes:
    """The workbook; the same inputs on the same day give the same bytes."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "make report"
    moment = made.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    book.properties.created = book.properties.modified = moment
    for table in tables:
        table_sheet(book, table)
    royalty_sheet(book, lines, scale, words, period)
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue(), moment.timetuple()[:6])


def stable_zip(data: bytes, date_time: tuple) -> bytes:
    """The same archive with every entry dated ``date_time`` (not the clock).

    openpyxl stamps the save time into docProps/core.xml: it becomes the
    workbook's creation time too.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = modified_as_created(content)
            entry = zipfile.ZipInfo(item.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return output.getvalue()


def modified_as_created(core: bytes) -> bytes:
    terms = "{http://purl.org/dc/terms/}"
    root = etree.fromstring(core)
    created, modified = root.find(f"{terms}created"), root.find(f"{terms}modified")
    if created is not None and modified is not None:
        modified.text = created.text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def csv_bytes(headers, rows) -> bytes:
    """UTF-8 with a BOM, so Excel opens Vietnamese correctly."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([[csv_safe(value) for value in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def table_csv(table) -> bytes:
    """A table as CSV, amounts written 1.050.000 as on the office's sheets."""
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    shown = [
        [format_dong(v) if i in table.money_columns else v for i, v in enumerate(row)]
        for row in rows
    ]
    return csv_bytes(table.headers, shown)


def royalty_rows(lines):
    return [
        [n, line.author, line.pen_name, line.title, line.kind, line.date, line.unit,
         f"{line.coefficient:g}".replace(".", ","), "có" if line.is_default else "",
         format_dong(line.amount)]
        for n, line in enumerate(lines, start=1)
    ]  # fmt: skip


ROYALTY_HEADERS = [
    "STT", "Tác giả", "Bút danh", "Tác phẩm", "Thể loại", "Ngày", "Đơn vị", "Hệ số",
    "Hệ số mặc định", "Thành tiền (đồng)",
]  # fmt: skip


def report_html(context: dict) -> str:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["dong"] = format_dong
    return environment.get_template("report.html").render(context)


def write_report(folder: Path, files: dict[str, bytes]) -> Path:
    """Put ``files`` in ``folder`` all at once: built aside, then renamed in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        old = folder.with_name(f".{folder.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder
