"""The newsroom's configuration is the story schema and the data files, no copy."""

import re

import pytest
from pelican.settings import read_settings

from tests.conftest import REPO, SAMPLE
from tintuc.cms.config import (
    BODY_FIELD,
    FILLED_ON_SAVE,
    admin_csp,
    cms_config,
    story_format,
)
from tintuc.cms.settings import DEFAULTS as CMS_DEFAULTS
from tintuc.editorial.gate import load_site
from tintuc.editorial.schema import FIELDS
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


def test_every_collection_has_the_schemas_fields_in_its_order(site):
    for collection in config_of(site)["collections"]:
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
    collections = config_of(site)["collections"]
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
        assert collection["media_folder"] == "/content/images/{{year}}/{{month}}"
        assert collection["public_folder"] == "images/{{year}}/{{month}}"


def test_choices_come_from_the_data_files(site):
    fields = fields_of(config_of(site)["collections"][0])
    units = [entry.name for entry in site.directory["unit"].active()]
    communes = [entry.name for entry in site.directory["commune"].active()]
    assert fields["unit"]["options"] == units
    assert fields["communes"]["options"] == communes
    assert fields["communes"]["multiple"] is True
    assert "Thị trấn Chợ Chu" not in communes  # merged in 2025: not offered
    assert fields["approver"]["options"] == [p.name for p in site.approvers.active()]
    assert fields["tags"]["widget"] == "list"
    assert "options" not in fields["tags"]


def test_help_texts_are_vietnamese_and_state_the_exact_rule(site):
    fields = fields_of(config_of(site)["collections"][0])
    assert fields["summary"]["hint"].startswith("Tóm tắt: bắt buộc, tối đa 300 ký tự.")
    assert fields["title"]["hint"].startswith("Tiêu đề: bắt buộc, tối đa 150 ký tự.")
    assert fields["image"]["hint"].startswith("Ảnh JPEG, PNG, WebP hoặc HEIC")
    assert all(field["hint"] for field in fields.values())
    assert fields["summary"]["label"] == "Tóm tắt"


def test_length_patterns_match_the_gates_limits(site):
    pattern, message = fields_of(config_of(site)["collections"][0])["summary"][
        "pattern"
    ]
    assert message == "Tóm tắt: tối đa 300 ký tự"
    assert re.fullmatch(pattern, "ồ" * 300)
    assert not re.fullmatch(pattern, "ồ" * 301)
    limited = config_of(site, EDITORIAL_SUMMARY_MAX=120)["collections"][0]
    assert fields_of(limited)["summary"]["pattern"][1] == "Tóm tắt: tối đa 120 ký tự"


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
