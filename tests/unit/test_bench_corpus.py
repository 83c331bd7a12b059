from bench.corpus import generate
from tests.conftest import SAMPLE, output_files


def test_the_benchmark_corpus_is_the_same_every_time(tmp_path):
    first = output_files(generate(tmp_path / "one", 30, SAMPLE))
    second = output_files(generate(tmp_path / "two", 30, SAMPLE))
    assert first == second
    stories = [name for name in first if name.startswith("articles/")]
    photos = [name for name in first if name.startswith("images/bench/")]
    assert len(stories) == 30 and len(photos) == 3
    text = first[stories[0]].decode("utf-8")
    assert text.startswith("Title: ") and "\nStatus: published\n" in text
