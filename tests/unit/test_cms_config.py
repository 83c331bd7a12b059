"""The newsroom's configuration is the story schema and the data files, no copy."""

import re

import pytest
from pelican.settings import read_settings

from tests.conftest import FIXTURE_CONTENT, REPO, SAMPLE
from tintuc.cms.config import (
    BODY_FIELD,
    DATE_WIDGET,
    DOCUMENT_FORMAT,
    FILLED_ON_SAVE,
    STORY_FORMAT,
    TEXT_WIDGET,
    admin_csp,
    cms_config,
    document_format,
    story_format,
)
from tintuc.cms.settings import DEFAULTS as CMS_DEFAULTS
from tintuc.documents.checks import DocumentCheck
from tintuc.documents.model import load_kinds
from tintuc.documents.numbers import NUMBER
from tintuc.documents.settings import DEFAULTS as DOCUMENTS_DEFAULTS
from tintuc.editorial.gate import load_site
from tintuc.editorial.rules import check_article
from tintuc.editorial.schema import (
    APPROVER,
    COMMUNES,
    FIELDS,
    LINE,
    NAMES,
    STORY_TYPE,
    TEXT,
    TOO_LONG,
    UNIT,
)
from tintuc.editorial.settings import DEFAULTS as EDITORIAL_DEFAULTS

LOCAL = "http://127.0.0.1:8081/api/v1"


def site_settings(**overrides) -> dict:
    settings = read_settings(
        str(REPO / "pelicanconf.py"), override={"PATH": str(SAMPLE)}
    )
    return {**CMS_DEFAULTS, **EDITORIAL_DEFAULTS, **settings, **overrides}


@pytest.fixture(scope="module")
def site():
    return load_site(site_settings())


def config_of(site, **overrides) -> dict:
    return cms_config(site_settings(**overrides), site.directory, site.approvers)


def fields_of(collection: dict) -> dict[str, dict]:
    return {field["name"]: field for field in collection["fields"]}


def story_collections(config: dict) -> list[dict]:
    return [c for c in config["collections"] if c["format"] == STORY_FORMAT]


def test_every_collection_has_the_schemas_fields_in_its_order(site):
    for collection in story_collections(config_of(site)):
        names = [field["name"] for field in collection["fields"]]
        assert names == [spec.name.lower() for spec in FIELDS] + [BODY_FIELD["name"]]
        fields = fields_of(collection)
        for spec in FIELDS:
            field = fields[spec.name.lower()]
            if spec.kind in FILLED_ON_SAVE:
                # Filled by newsroom.js on save, so never asked of the writer.
                assert field["required"] is False
                assert field["widget"] in ("hidden", "string"), spec.name
            else:
                assert field["required"] is spec.required, spec.name


def test_one_collection_per_section_writes_into_its_folder(site):
    collections = story_collections(config_of(site))
    sections = site.directory["section"].active()
    assert [c["name"] for c in collections] == [s.slug for s in sections]
    for collection, section in zip(collections, sections, strict=True):
        assert collection["folder"] == f"content/articles/{section.slug}"
        assert (
            collection["format"]
            == story_format(site_settings(), site.directory, site.approvers)["name"]
        )
        section_field = fields_of(collection)["section"]
        assert section_field == {**section_field, "widget": "hidden"}
        assert section_field["default"] == section.name
        month = "{{fields.date | date('YYYY')}}/{{fields.date | date('MM')}}"
        assert collection["media_folder"] == f"/content/images/{month}"
        assert collection["public_folder"] == f"images/{month}"


UTC_PLACEHOLDERS = re.compile(r"\{\{\s*(year|month|day|hour|minute|second)\b")


def test_file_names_take_the_day_from_the_date_field_never_in_utc(site):
    # Decap fills {{year}}…{{second}} in UTC: the day before from 00:00 to 06:59.
    for collection in config_of(site)["collections"]:
        templates = [
            collection[key] for key in ("slug", "media_folder", "public_folder")
        ]
        assert not [t for t in templates if UTC_PLACEHOLDERS.search(t)], templates
        assert collection["slug"].startswith("{{fields.date | date('YYYY-MM-DD')}}-")
        # The field the templates name is the form's date, in newsroom.js's widget.
        assert fields_of(collection)["date"]["widget"] == DATE_WIDGET


def test_choices_come_from_the_data_files(site):
    fields = fields_of(config_of(site)["collections"][0])
    units = [entry.name for entry in site.directory["unit"].active()]
    communes = [entry.name for entry in site.directory["commune"].active()]
    assert fields["unit"]["options"] == units
    assert fields["communes"]["options"] == communes
    assert fields["communes"]["multiple"] is True
    assert "Thị trấn Chợ Chu" not in communes  # merged in 2025: not offered
    assert fields["approver"]["options"] == [p.name for p in site.approvers.active()]
    # Names and tags are typed as text: never Decap's list widget (decap-cms #4646).
    assert fields["tags"]["widget"] == fields["authors"]["widget"] == TEXT_WIDGET
    assert "options" not in fields["tags"]


def test_help_texts_are_vietnamese_and_state_the_exact_rule(site):
    fields = fields_of(config_of(site)["collections"][0])
    assert fields["summary"]["hint"].startswith("Tóm tắt: bắt buộc, tối đa 300 ký tự.")
    assert fields["title"]["hint"].startswith("Tiêu đề: bắt buộc, tối đa 150 ký tự.")
    assert fields["image"]["hint"].startswith("Ảnh JPEG, PNG, WebP hoặc HEIC")
    assert all(field["hint"] for field in fields.values())
    assert fields["summary"]["label"] == "Tóm tắt"


def test_length_limits_follow_the_gates_settings(site):
    assert fields_of(config_of(site)["collections"][0])["summary"]["max_length"] == 300
    limited = config_of(site, EDITORIAL_SUMMARY_MAX=120)["collections"][0]
    assert fields_of(limited)["summary"]["max_length"] == 120
    assert "pattern" not in fields_of(limited)["summary"]  # no "không khớp với mẫu"


def test_slugs_and_file_names_are_ascii_with_d_for_dj(site):
    config = config_of(site)
    assert config["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,
        "sanitize_replacement": "-",
    }
    slug = fields_of(config["collections"][0])["slug"]
    assert slug["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert "(đ thành d)" in slug["hint"]


def test_the_workflow_is_editorial_and_the_interface_vietnamese(site):
    config = config_of(site)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "vi"
    assert config["load_config_file"] is False


def test_the_local_backend_is_named_only_for_make_cms(site):
    assert "local_backend" not in config_of(site)
    local = config_of(site, CMS_LOCAL_BACKEND=LOCAL)["local_backend"]
    assert local == {"url": LOCAL, "allowed_hosts": ["127.0.0.1"]}
    assert "127.0.0.1:8081" not in admin_csp(site_settings())
    assert "http://127.0.0.1:8081" in admin_csp(site_settings(CMS_LOCAL_BACKEND=LOCAL))


def test_the_backend_holds_addresses_and_never_a_secret(site):
    publish = read_settings(str(REPO / "publishconf.py"))
    config = config_of(site, CMS_BACKEND=publish["CMS_BACKEND"])
    assert set(config["backend"]) <= {
        "name",
        "repo",
        "branch",
        "base_url",
        "auth_endpoint",
        "commit_messages",
    }
    assert config["backend"]["name"] == "github"


def test_the_story_format_lists_every_field_with_its_kind(site):
    story = story_format(site_settings(), site.directory, site.approvers)
    assert [(f["name"], f["kind"]) for f in story["fields"]] == [
        (spec.name, spec.kind) for spec in FIELDS
    ]
    assert story["approvers"]["Lê Văn Thành"] == ["*"]
    assert story["approvers"]["Nguyễn Thị Thu"] == [
        "UBND xã Định Hóa",
        "Công an xã Định Hóa",
    ]
    assert ".heic" in story["photo_suffixes"]


# --- The form's rules are the gate's: tried field by field on the real gate.

GOOD_STORY = {
    "Title": "Đường điện mới ở thôn Bản Pẻo",
    "Id": "0a3689e2-a294-58d8-acb1-cc3e07319910",
    "Slug": "duong-dien-moi",
    "Date": "2026-11-05 16:20",
    "Section": "Thời sự",
    "Unit": "UBND xã Định Hóa",
    "Authors": "Hà Văn An",
    "Summary": "Bốn mươi hộ dân có điện lưới.",
    "Approver": "Lê Văn Thành",
    "Status": "published",
}


@pytest.fixture(scope="module")
def fixture_site():
    settings = site_settings(PATH=str(FIXTURE_CONTENT))
    return settings, load_site(settings)


def gate_problems(site, tmp_path, fields: dict) -> list:
    story = tmp_path / "thoi-su" / "tin.md"
    story.parent.mkdir(exist_ok=True)
    header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    story.write_text(header + "\nNội dung.\n", "utf-8")
    return [p for p in check_article("tin.md", story, site)[0] if p.is_error]


def form_fields(fixture_site) -> dict[str, dict]:
    settings, site = fixture_site
    config = cms_config(settings, site.directory, site.approvers)
    return fields_of(config["collections"][0])


def test_a_good_story_passes_the_gate(fixture_site, tmp_path):
    assert gate_problems(fixture_site[1], tmp_path, GOOD_STORY) == []


@pytest.mark.parametrize(
    "spec", [s for s in FIELDS if s.kind not in FILLED_ON_SAVE], ids=lambda s: s.name
)
def test_the_form_requires_what_the_gate_requires(fixture_site, tmp_path, spec):
    form = form_fields(fixture_site)[spec.name.lower()]
    missing = gate_problems(fixture_site[1], tmp_path, {**GOOD_STORY, spec.name: ""})
    assert form["required"] is bool(missing), [str(p) for p in missing]


TYPED = [s for s in FIELDS if s.kind in (LINE, TEXT, NAMES)]


@pytest.mark.parametrize("spec", TYPED, ids=lambda s: s.name)
def test_the_form_limits_lengths_as_the_gate_does(fixture_site, tmp_path, spec):
    form = form_fields(fixture_site)[spec.name.lower()]
    limit = form.get("max_length")

    def too_long(length):
        fields = {**GOOD_STORY, spec.name: "ồ" * length}
        found = gate_problems(fixture_site[1], tmp_path, fields)
        return [p.message for p in found if "ký tự" in p.message]

    if limit is None:
        assert too_long(2000) == []
        return
    assert too_long(limit) == []
    label = spec.label_vi
    assert too_long(limit + 1) == [
        TOO_LONG.format(label=label, length=limit + 1, limit=limit)
    ]


CHOSEN = [s for s in FIELDS if s.kind in (UNIT, COMMUNES, STORY_TYPE, APPROVER)]


@pytest.mark.parametrize("spec", CHOSEN, ids=lambda s: s.name)
def test_the_forms_choices_are_the_gates(fixture_site, tmp_path, spec):
    options = form_fields(fixture_site)[spec.name.lower()]["options"]
    assert options

    def unknown(value):
        found = gate_problems(
            fixture_site[1], tmp_path, {**GOOD_STORY, spec.name: value}
        )
        return [p for p in found if "không có trong danh sách" in p.message]

    for option in options:
        assert unknown(option) == [], option
    assert unknown("Không Có Thật") != []


def test_writers_forms_hide_approver_only_fields(site):
    story = story_format(site_settings(), site.directory, site.approvers)
    assert story["approver_only"] == ["approver", "coefficient"]
    assert story["role_url"] == ""
    assert story["publications_url"] == ""


# --- Documents: the form against the documents gate.

GOOD_DOCUMENT = {
    "Title": "Triển khai phong trào thi đua chuyển đổi số",
    "Id": "ff156fe2-0242-52a3-8cf8-6ce2cc10c443",
    "Number": "227/KH-UBND",
    "Type": "Kế hoạch",
    "Issuer": "UBND xã Định Hóa",
    "Date": "15/10/2026",
    "Signer": "Nguyễn Văn Minh",
    "Signer_title": "Chủ tịch",
    "Approver": "Lê Văn Thành",
    "Status": "published",
}


def document_collection_of(site) -> dict:
    config = config_of(site)
    (collection,) = [c for c in config["collections"] if c["format"] == DOCUMENT_FORMAT]
    return collection


def document_errors(site, tmp_path, fields: dict) -> list[str]:
    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    source = folder / "van-ban.md"
    header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    source.write_text(header + "\nNội dung.\n", "utf-8")
    settings = {**DOCUMENTS_DEFAULTS, **site.settings}
    data_dir = site.content_dir / settings["DIRECTORY_DATA_DIR"]
    kinds = (
        load_kinds(data_dir / settings["DOCUMENTS_TYPES_FILE"], "type"),
        load_kinds(data_dir / settings["DOCUMENTS_FIELDS_FILE"], "field"),
    )
    check = DocumentCheck("van-ban.md", source, site, kinds)
    check.run()
    return [p.message for p in check.problems if p.is_error]


def test_the_document_form_requires_what_the_documents_gate_requires(site, tmp_path):
    assert document_errors(site, tmp_path, GOOD_DOCUMENT) == []
    for field in document_collection_of(site)["fields"]:
        if field["widget"] == "hidden" or field["name"] == "body":
            continue
        name = field["name"].capitalize()
        missing = document_errors(site, tmp_path, {**GOOD_DOCUMENT, name: ""})
        assert field["required"] is bool(missing), (name, missing)


def test_the_document_forms_choices_are_the_gates(site, tmp_path):
    fields = fields_of(document_collection_of(site))
    for key in ("type", "issuer", "field", "communes"):
        assert fields[key]["options"], key
        for option in fields[key]["options"]:
            changed = {**GOOD_DOCUMENT, key.capitalize(): option}
            errors = document_errors(site, tmp_path, changed)
            assert not [e for e in errors if "không có trong" in e], (key, option)
    assert fields["related"]["widget"] == "relation"
    assert fields["files"]["fields"][0]["widget"] == "file"
    assert document_collection_of(site)["media_folder"] == "/content/documents/files"


def test_the_document_format_checks_numbers_as_the_gate_does(site):
    paper = document_format(site_settings(), site.directory, site.approvers)
    assert paper["type_codes"]["Kế hoạch"] == "KH"
    assert paper["number_pattern"] == NUMBER.pattern.replace("(?P<", "(?<")


def test_notes_are_offered_only_where_a_server_keeps_them(site):
    # decap-server and the git host keep no notes here; the newsroom server does.
    here = config_of(site)["collections"]
    served = config_of(site, CMS_NOTES=True)["collections"]
    assert here and {c["editor"]["notes"] for c in here} == {False}
    assert {c["editor"]["notes"] for c in served} == {True}
    assert len(served) == len(here)
