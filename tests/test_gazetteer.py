"""The gazetteer: every name form finds its city, ids are stable, user files add entries."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.gazetteer import Gazetteer, norm_en, norm_ko
from kg.model import City


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("form", "key"),
    [
        ("고양", "gn:1842485"),
        ("고양시", "gn:1842485"),
        ("Goyang", "gn:1842485"),
        ("Goyang-si", "gn:1842485"),
        ("이우", "gn:1814870"),
        ("쿤밍시", "gn:1804651"),
        ("진주시", "gn:1846052"),
        ("Jinju", "gn:1846052"),
        ("정저우", "gn:1784658"),
        ("Zhengzhou", "gn:1784658"),
    ],
)
def test_name_forms_find_the_city(gaz: Gazetteer, form: str, key: str) -> None:
    assert gaz.lookup(form)[0].key == key


def test_the_korean_table_names_win_over_old_spellings(gaz: Gazetteer) -> None:
    jinju = gaz.resolve(geonames=1846052)
    assert (jinju.name, jinju.name_ko, jinju.country) == ("Jinju", "진주시", "KR")


def test_every_korean_local_government_is_there(gaz: Gazetteer) -> None:
    provincial = [
        c for c in gaz._cities.values() if c.country == "KR" and gaz.info(c.key).kind == "province"
    ]
    assert len(provincial) >= 9  # 도 (the metropolitan cities are kind "city")
    assert len(gaz.lookup("중구", "KR")) == 6
    assert {gaz.parent(c.key).name_ko for c in gaz.lookup("강서구")[:2]} == {
        "서울특별시",
        "부산광역시",
    }
    assert gaz.lookup("송파구")[0].key == "kr:seoul-songpa-gu"


def test_ambiguous_names_are_chosen_by_context(gaz: Gazetteer) -> None:
    candidates = [c for c in gaz.lookup("강서구") if c.country == "KR"]
    busan = gaz.lookup("부산")[0]
    city, why = gaz.choose(candidates, [busan.key])
    assert city.key == "kr:busan-gangseo-gu"
    assert "부산" in why
    gwangju = gaz.lookup("광주시", "KR")
    assert {c.name_ko for c in gwangju} == {"광주광역시", "광주시"}
    gyeonggi = gaz.lookup("경기")[0]
    assert gaz.choose(gwangju, [gyeonggi.key])[0].key == "gn:1841810"


def test_resolve_always_gives_a_city(gaz: Gazetteer, caplog: pytest.LogCaptureFixture) -> None:
    assert gaz.resolve(name="Yiwu", country="CN").key == "gn:1814870"
    assert gaz.resolve(name_ko="이우시", name="Yiwu").geonames == 1814870
    assert gaz.resolve(geonames="1842485").name == "Goyang"
    with caplog.at_level("WARNING"):
        new = gaz.resolve(name="Atlantis", name_ko="아틀란티스시", country="GR")
    assert new == City.unknown("Atlantis", "GR", name_ko="아틀란티스시")
    assert "Atlantis" in caplog.text


def test_country_filters_candidates(gaz: Gazetteer) -> None:
    assert [c.country for c in gaz.lookup("San Francisco", "US")] == ["US"]
    assert gaz.lookup("LA")[0].name == "Los Angeles"


def test_user_file_adds_cities(tmp_path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("name_ko\tname_en\tcountry\n뷰첵메제\tBüyükçekmece\tTR\n", encoding="utf-8")
    gaz = Gazetteer.load([path])
    city = gaz.lookup("뷰첵메제시")[0]
    assert (city.name, city.country) == ("Büyükçekmece", "TR")
    assert gaz.lookup("Buyukcekmece")[0] == city


def test_user_file_errors_name_the_file(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("city,nation\nX,Y\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv.*name_en"):
        Gazetteer.load([path])


def test_normalisers() -> None:
    assert norm_ko("서울특별시") == "서울"
    assert norm_en("Gangseo-gu") == norm_en("Gangseo")


def test_chinese_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("义乌")[0].key == "gn:1814870"
    assert gaz.lookup("郑州市")[0].key == "gn:1784658"


def test_user_file_from_the_environment(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name_ko,name_en,country\n아크차코자,Akçakoca,TR\n", encoding="utf-8")
    monkeypatch.setenv("KG_GAZETTEER", str(path))
    Gazetteer.default.cache_clear()
    try:
        assert Gazetteer.default().lookup("아크차코자시")[0].name == "Akçakoca"
    finally:
        monkeypatch.delenv("KG_GAZETTEER")
        Gazetteer.default.cache_clear()


@pytest.mark.parametrize(
    ("name_ko", "country", "name", "geonames"),
    [
        ("시라오이정", "JP", "Shiraoi", 2128072),  # a town GeoNames has no Hangul name for
        ("루스쓰촌", "JP", "Rusutsu", 2128372),  # 쓰 for tsu, 촌 for a village
        ("깜삐나스시", "BR", "Campinas", 3467865),  # tense ㄲ ㅃ; the largest of the name
        ("앙시시", "FR", "Annecy", 3037543),  # another spelling of a known city (안시)
        ("칠란자르구", "UZ", "Chilanzar", 1514230),
    ],
)
def test_a_foreign_place_is_found_by_the_sound_of_its_hangul_name(
    gaz: Gazetteer, name_ko: str, country: str, name: str, geonames: int
) -> None:
    assert not gaz.lookup(name_ko, country)  # not by name: the sound is all there is
    found = gaz.by_sound(name_ko, country)
    assert found is not None
    city, d = found
    assert (city.name, city.geonames, city.country) == (name, geonames, country)
    assert 0 <= d <= 1.0


@pytest.mark.parametrize(
    ("name_ko", "country"),
    [
        ("루스쓰현", "JP"),  # a prefecture's suffix: no town is its match
        ("곤산시", "CN"),  # Chinese names are read by their characters too (昆山, not Gongshan)
        ("오다시", "JP"),  # two consonants that sound like several places: too short
        ("시라오이정", "BR"),  # the sound is of a Japanese town, not of a Brazilian one
        ("크라스노야르스크시", "JP"),
    ],
)
def test_by_sound_declines_what_it_cannot_tell(gaz: Gazetteer, name_ko: str, country: str) -> None:
    assert gaz.by_sound(name_ko, country) is None


def test_sound_keys_meet_across_scripts() -> None:
    from kg.soundkey import distance, hangul_key, latin_key

    def d(ko: str, latin: str, country: str | None = None) -> float:
        return distance(hangul_key(ko), latin_key(latin, country))

    assert d("미토요", "Mitoyo") == 0  # vowels kept: not Mito
    assert d("미토요", "Mito") > 0
    assert d("팔렌시아", "Palencia") < d("팔렌시아", "Valencia")  # ㅍ is p, ㅂ is b and v
    assert d("교토", "Kyoto") < 0.5 and d("교토", "Goto") < 0.5  # a glide comes and goes
    assert d("크즐오르다", "Kyzylorda") <= 0.75  # ㅡ for a short vowel or none
    assert d("바꼬르", "Bacoor") <= 0.5  # a long vowel written short
    assert d("시안", "Xi'an", "CN") < d("시안", "Xi'an")  # pinyin's x is ㅅ
    assert d("파르마", "Karma") >= 1  # a consonant changed costs a whole sound


def test_resolve_finds_a_korean_name_alone_by_its_sound(
    gaz: Gazetteer, caplog: pytest.LogCaptureFixture
) -> None:
    """A record that gives only a Korean name and a country (a user's table of partners in
    Korean) gets the place that sounds like it, said in a warning; with an English name
    beside it the English name decides, as before."""
    with caplog.at_level("WARNING"):
        city = gaz.resolve(name_ko="시라오이정", country="JP")
    assert (city.geonames, city.name, city.name_ko) == (2128072, "Shiraoi", "시라오이정")
    assert "by its sound" in caplog.text
    assert gaz.resolve(name_ko="시라오이정", name="Nowhere Town", country="JP").key.startswith(
        "new:"
    )
