"""Generate a deterministic corpus of realistic Vietnamese stories for benchmarks.

Usage: python bench/corpus.py DIR N
Writes DIR/content (stories, photos for about one in ten, data files copied
from the sample site). The same N always gives the same files.
"""

import random
import shutil
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {
    "thoi-su": "Thời sự",
    "nguoi-tot-viec-tot": "Người tốt việc tốt",
    "chinh-sach": "Chính sách – Pháp luật",
    "kinh-te": "Kinh tế",
    "van-hoa-xa-hoi": "Văn hóa – Xã hội",
    "quoc-phong-an-ninh": "Quốc phòng – An ninh",
}
COMMUNES = [
    "Xã Định Hóa",
    "Xã Bình Yên",
    "Xã Trung Hội",
    "Xã Phượng Tiến",
    "Xã Phú Đình",
    "Xã Bình Thành",
    "Xã Kim Phượng",
    "Xã Lam Vỹ",
    "Thị trấn Chợ Chu",
    "Xã Điềm Mặc",
]
UNITS = [
    "UBND xã Định Hóa",
    "UBND xã Phú Đình",
    "Công an xã Định Hóa",
    "Hội Nông dân xã Phượng Tiến",
    "Đoàn Thanh niên xã Bình Yên",
    "Hội Liên hiệp Phụ nữ xã Trung Hội",
    "Ban Chỉ huy Quân sự xã Lam Vỹ",
]
AUTHORS = [
    "Nguyễn Thị Hằng",
    "Trần Văn Quang",
    "Hoàng Thị Mai",
    "Phạm Đức Anh",
    "Vũ Minh Tuấn",
    "Đỗ Quốc Việt",
    "Lường Văn Hùng",
    "Ma Thị Lan",
]
SUBJECTS = [
    "Hội Nông dân",
    "Đoàn Thanh niên",
    "Công an xã",
    "Trường Tiểu học",
    "Hợp tác xã chè",
    "Chi hội Phụ nữ",
    "Ban Chỉ huy Quân sự",
    "Trạm Y tế",
    "Người dân thôn Bản Piềng",
    "Cựu chiến binh",
]
ACTIONS = [
    "ra quân làm đường giao thông nông thôn",
    "tổ chức tập huấn kỹ thuật trồng chè",
    "trao quà cho hộ nghèo",
    "ra mắt mô hình dân vận khéo",
    "tuyên truyền pháp luật về đất đai",
    "khám sức khỏe cho người cao tuổi",
    "diễn tập phòng cháy chữa cháy",
    "hiến đất mở rộng đường liên thôn",
    "tổng kết phong trào thi đua yêu nước",
    "tổ chức lễ hội Lồng Tồng",
]
SENTENCES = [
    "Hoạt động thu hút đông đảo cán bộ, đảng viên và nhân dân tham gia.",
    "Năm qua, nhân dân đã đóng góp hàng trăm ngày công và hàng chục triệu đồng.",
    "Đây là việc làm thiết thực, góp phần xây dựng nông thôn mới nâng cao.",
    "Lãnh đạo xã đánh giá cao tinh thần trách nhiệm của các tổ chức đoàn thể.",
    "Nhiều hộ gia đình đã mạnh dạn chuyển đổi cơ cấu cây trồng, nâng cao thu nhập.",
    "Cây chè tiếp tục là cây trồng chủ lực, mang lại thu nhập ổn định cho bà con.",
    "Phong trào toàn dân bảo vệ an ninh Tổ quốc được duy trì thường xuyên.",
    "Các em học sinh được tặng vở, bút và áo ấm trước mùa đông.",
    "Vùng ATK Định Hóa giữ gìn và phát huy bản sắc văn hóa các dân tộc Tày, Nùng, Dao.",
    "Chính quyền xã cam kết tiếp tục đồng hành cùng người dân trong thời gian tới.",
]
TAGS = [
    "nông thôn mới",
    "chè",
    "OCOP",
    "an sinh xã hội",
    "chuyển đổi số",
    "giáo dục",
    "y tế",
    "an ninh trật tự",
    "dân vận",
    "văn hóa",
    "thi đua",
    "ATK",
]
START = datetime(2024, 1, 1, 6, 0)


def slug_of(index: int) -> str:
    return f"tin-so-{index:05d}"


def make_photo(path: Path, rng: random.Random) -> None:
    """A photo-like JPEG of a few hundred KB."""
    size = (1600, 1067)
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    base = Image.linear_gradient("L").resize(size)
    grain = noise.filter(ImageFilter.GaussianBlur(1.0))
    image = Image.merge("RGB", (grain, base, Image.blend(grain, base, 0.5)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=70)


def story_text(index: int, rng: random.Random, photo: str | None) -> tuple[str, str]:
    section = rng.choice(list(SECTIONS))
    title = (
        f"{rng.choice(SUBJECTS)} {rng.choice(COMMUNES).lower()} {rng.choice(ACTIONS)}"
    )
    date = START + timedelta(minutes=137 * index)
    lines = [
        f"Title: {title} (số {index})",
        f"Id: {uuid.UUID(int=rng.getrandbits(128), version=4)}",
        f"Slug: {slug_of(index)}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Section: {SECTIONS[section]}",
        f"Unit: {rng.choice(UNITS)}",
        f"Authors: {rng.choice(AUTHORS)}",
        f"Communes: {', '.join(rng.sample(COMMUNES, rng.randint(1, 2)))}",
        f"Summary: {rng.choice(SENTENCES)}",
        f"Tags: {', '.join(rng.sample(TAGS, 2))}",
    ]
    if photo:
        lines += [
            f"Image: {photo}",
            f"Image_alt: Ảnh minh họa bài số {index}",
            "Image_credit: Ban biên tập",
        ]
    lines += ["Approver: Lê Văn Thành", "Status: published", ""]
    paragraphs = [
        " ".join(rng.choices(SENTENCES, k=rng.randint(3, 6)))
        for _ in range(rng.randint(4, 8))
    ]
    return section, "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def write_story(
    content: Path, index: int, rng: random.Random, with_photo: bool
) -> Path:
    photo = f"images/bench/{slug_of(index)}.jpg" if with_photo else None
    if photo:
        make_photo(content / photo, rng)
    section, text = story_text(index, rng, photo)
    path = content / "articles" / section / f"{slug_of(index)}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def generate(target: Path, count: int, source: Path = ROOT / "content") -> Path:
    """Write ``count`` stories (one in ten with a photo) under target/content.

    The data files and pages come from ``source`` (tests pass a fixture site).
    """
    content = target / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(source / "data", content / "data")
    shutil.copytree(source / "pages", content / "pages")
    for index in range(count):
        rng = random.Random(index)
        write_story(content, index, rng, with_photo=index % 10 == 3)
    return content


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
