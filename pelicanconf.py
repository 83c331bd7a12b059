"""Settings for building the site locally. Data only: no logic here."""

AUTHOR = "Ban biên tập"
SITENAME = "Tin tức Định Hóa"
SITESUBTITLE = "Thông tin chính thống từ các xã vùng Định Hóa, tỉnh Thái Nguyên"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Photos are published by the photos plugin, never copied as uploaded.
STATIC_PATHS = []
THEME = "theme"
CACHE_PATH = "cache"

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
# Summaries are plain text that templates escape; never Markdown-rendered HTML.
FORMATTED_FIELDS = []

# Every template escapes by default; only sanitised story bodies are |safe.
# Templates do not change during a build: no file check on every include.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}

# Stories are Markdown only; other readers would accept files editors did not mean.
READERS = {"rst": None, "htm": None, "html": None}

# Our plugins are the installed package ``tintuc`` (pyproject.toml), named by
# dotted path, so every way of running Pelican loads them.
PLUGINS = [
    "tintuc.vn_text",
    "tintuc.sanitiser",
    "tintuc.directory",
    "tintuc.archives",
    "tintuc.photos",
    "tintuc.documents",
    "tintuc.stats",
    "tintuc.feeds",
    "tintuc.security",
    "tintuc.search",
    "tintuc.linkcheck",
    "tintuc.editorial",
    "tintuc.cms",
    "tintuc.share",
    "tintuc.buildspeed",
]

# Nothing unapproved is published: drafts and future stories write no file.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""

# Pretty, Vietnamese URLs. The story URL holds no section or date, so a
# story moved to another section keeps its address.
ARTICLE_URL = "bai-viet/{slug}/"
ARTICLE_SAVE_AS = "bai-viet/{slug}/index.html"
ARTICLE_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_SAVE_AS = ""
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
TAG_URL = "chu-de/{slug}/"
TAG_SAVE_AS = "chu-de/{slug}/index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = "tac-gia/{slug}/index.html"
INDEX_URL = ""
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
DIRECT_TEMPLATES = ["index", "archives", "search", "404"]
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = "tim-kiem/index.html"
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
# Month archives are made by the archives plugin (the same pages in one pass).
MONTH_ARCHIVE_URL = "luu-tru/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = ""
ARCHIVES_MONTH_SAVE_AS = "luu-tru/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {
    "index": None,
    "category": None,
    "tag": None,
    "author": None,
    "commune": None,
    "unit": None,
    "type": None,
    "period_archives": None,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

# The feeds plugin (feedgen) owns feeds; Pelican's own are off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# The browser newsroom (Decap CMS) at /admin/: kept out of search engines.
CMS_OUTPUT_DIR = "admin"
FEEDS_ROBOTS_DISALLOW = ["/admin/"]

# The home page's spotlight: the section of exemplary people.
THEME_SPOTLIGHT_SECTION = "nguoi-tot-viec-tot"
# The emblem beside the site's name: the "d" of one SVG path drawn in the
# header's colour, in a THEME_EMBLEM_VIEWBOX box ("" for no emblem).
THEME_EMBLEM_SVG_PATH = (
    "M12 1.5l3 7.2 7.8.6-6 5 1.9 7.6L12 17.8l-6.7 4.1 1.9-7.6-6-5 7.8-.6z"
)
THEME_EMBLEM_VIEWBOX = "0 0 24 24"

# Who owns and answers for the site (Decree 42/2022/NĐ-CP). Edit when it changes.
SITE_OWNER = "Ủy ban nhân dân xã Định Hóa, tỉnh Thái Nguyên"
SITE_ADDRESS = "Tổ dân phố Trung Kiên, xã Định Hóa, tỉnh Thái Nguyên"
SITE_PHONE = "0208 3878 123"
SITE_EMAIL = "bbt.dinhhoa@example.vn"
SITE_RESPONSIBLE = "Trưởng Ban biên tập: Nguyễn Văn Minh"
SITE_LICENCE = (
    "Giấy phép thiết lập trang thông tin điện tử số 00/GP-STTTT (dữ liệu mẫu)"
)

# Pelican's own reader cache is off: the buildspeed plugin keeps one
# (BUILDSPEED_READER_CACHE) and fills it on every core. A story is converted
# again only when its bytes change (md5: git resets file times).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CHECK_MODIFIED_METHOD = "md5"
GZIP_CACHE = False
# What a build's processes may use together, in MiB: pages are rendered and
# links parsed on fewer cores when one more forked worker would not fit.
BUILD_MEMORY_MIB = 512
