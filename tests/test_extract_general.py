"""Extraction mechanisms that must hold on any text, on sentences written for kg.

Each sentence here was written for these tests (none is taken from a news text); each
holds one mechanism: a cue in the other language's letters, an inflected English cue,
the learned pair scorer, the held-out part of a gold file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract import extract
from kg.extract.scorer import FEATURES, weights


def _types(text: str) -> dict[frozenset[str], set[str]]:
    out: dict[frozenset[str], set[str]] = {}
    for r in extract(text):
        out.setdefault(frozenset(c.name for c in r.cities), set()).add(r.type.value)
    return out


def test_a_latin_cue_in_korean_text_is_read_not_a_crash() -> None:
    found = _types("수원시는 지난 3월 베트남 하노이시와 MOC를 체결하고 교류협력을 약속했다.")
    assert "cooperation" in found[frozenset({"Suwon", "Hanoi"})]


def test_english_cues_take_their_inflections() -> None:
    twinned = _types("Bristol has been twinned with Hanover since 1947.")
    assert twinned[frozenset({"Bristol", "Hanover"})] == {"sister_city"}
    plural = _types("The partnerships between Seoul and Paris were renewed in 2019.")
    assert "cooperation" in plural[frozenset({"Seoul", "Paris"})]


def test_the_scorer_weights_ship_and_name_no_word() -> None:
    model = weights()
    assert model is not None
    assert set(model.weights) == set(FEATURES)
    assert 0 < model.threshold < 1 and 0 < model.threshold_rule < 1
    # Evidence the rules found and a pair named together is worth more than none.
    common = dict.fromkeys(FEATURES, 0.0) | {"korean": 1.0, "doc_cities": 0.5, "pool": 0.5}
    strong = common | {
        "rule": 1.0,
        "rule_conf": 0.9,
        "how_explicit": 1.0,
        "explicit_both": 1.0,
        "linked": 1.0,
        "n_sent": 1.4,
        "home_in": 1.0,
        "share_min": 1.0,
        "type_sister_city": 1.0,
    }
    venue = common | {"venue_role": 1.0, "n_sent": 0.7, "cue_near": 1.0, "type_sister_city": 1.0}
    assert model.probability(strong) > model.threshold_rule
    assert model.probability(venue) < model.threshold


def test_eval_scores_a_part_apart(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    lines = []
    for i, (a, b) in enumerate(
        [("안산시", "웨이하이시"), ("춘천시", "쿤밍시"), ("고양시", "이우시")]
    ):
        (texts / f"t{i}.txt").write_text(f"{a}는 중국 {b}와 자매결연을 체결했다.", encoding="utf-8")
        lines.append(
            json.dumps(
                {
                    "file": f"t{i}.txt",
                    "relations": [
                        {
                            "cities": [{"ko": a, "country": "KR"}, {"ko": b, "country": "CN"}],
                            "types": ["sister_city"],
                            "status": "active",
                            "optional": False,
                        }
                    ],
                },
                ensure_ascii=False,
            )
        )
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["eval", "--json", "--part", "2/3", str(gold), str(texts)])
    assert one.exit_code == 0, one.output
    assert [f["file"] for f in json.loads(one.stdout)["files"]] == ["t1.txt"]
    rest = runner.invoke(cli, ["eval", "--json", "--part", "!2/3", str(gold), str(texts)])
    assert [f["file"] for f in json.loads(rest.stdout)["files"]] == ["t0.txt", "t2.txt"]
    bad = runner.invoke(cli, ["eval", "--part", "4/3", str(gold), str(texts)])
    assert bad.exit_code != 0 and "K/N" in bad.output and "Traceback" not in bad.output


def test_eval_scores_dates_of_the_relations_it_matched(tmp_path: Path) -> None:
    """Date accuracy: a gold relation's date, at its precision or finer, on a prediction
    of its pair with one of its types; listed under --misses where it is wrong."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(
        "안산시는 2019년 5월 20일 중국 웨이하이시와 자매결연을 체결했다.", encoding="utf-8"
    )
    (texts / "b.txt").write_text("춘천시는 중국 쿤밍시와 자매결연을 체결했다.", encoding="utf-8")
    pairs = {"a.txt": ("안산시", "웨이하이시", "2019-05"), "b.txt": ("춘천시", "쿤밍시", "2020")}
    lines = [
        json.dumps(
            {
                "file": name,
                "relations": [
                    {
                        "cities": [{"ko": a, "country": "KR"}, {"ko": b, "country": "CN"}],
                        "types": ["sister_city", "cooperation"],
                        "status": "active",
                        "date": day,
                        "optional": False,
                    }
                ],
            },
            ensure_ascii=False,
        )
        for name, (a, b, day) in pairs.items()
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--json", str(gold), str(texts)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    # a.txt: 2019-05-20 is 2019-05, finer; b.txt states no date: wrong.
    assert (scores["dated"], scores["date_accuracy"]) == (2, 0.5)
    wrong = {f["file"]: f["wrong_dates"] for f in scores["files"]}
    assert wrong == {"a.txt": [], "b.txt": ["춘천시 – 쿤밍시 sister_city: none (gold 2020)"]}
    text = CliRunner().invoke(cli, ["eval", "-v", str(gold), str(texts)]).output
    assert "date accuracy 0.500 over 2 dated relations" in text
    assert "b.txt: wrong date: 춘천시 – 쿤밍시 sister_city: none (gold 2020)" in text


def test_a_counted_list_of_partners_pairs_each_with_the_subject() -> None:
    text = "영월군은 국내에 김천시, 여수시, 제천시 3개 도시와 자매결연을 맺고 있다."
    assert _types(text) == {
        frozenset({"Yeongwol County", "Gimcheon"}): {"sister_city"},
        frozenset({"Yeongwol County", "Yeosu"}): {"sister_city"},
        frozenset({"Yeongwol County", "Jecheon"}): {"sister_city"},
    }


def test_short_names_in_a_list_after_a_province() -> None:
    text = (
        "서대문구는 24일 구청에서 행정 교류 협약을 맺었다고 밝혔다. "
        "구는 그동안 충북 제천·단양, 전남 해남과 자매결연을 맺어 왔다."
    )
    partners = {c.name for r in extract(text) for c in r.cities} - {"Seodaemun-gu"}
    assert {"Jecheon", "Danyang County", "Haenam County"} <= partners


def test_a_name_glossed_in_hanja_with_its_suffix_apart() -> None:
    text = "통영시는 일본 나가노(長野) 현 스와(諏訪) 시와 우호도시 협정을 체결했다."
    [rel] = [r for r in extract(text) if r.type.value == "friendship"]
    names = {c.name_ko or c.name for c in rel.cities}
    assert "통영시" in names and any(n.startswith("스와") for n in names)
    assert not any(n.startswith("나가노") for n in names)  # the prefecture qualifies it


def test_eval_matches_a_district_named_with_its_city() -> None:
    from kg.eval import _city_forms, _gold_forms
    from kg.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    dong_gu = next(
        c for c in gaz.lookup("동구") if (p := gaz.parent(c.key)) is not None and p.name == "Daegu"
    )
    assert _gold_forms({"ko": "대구 동구", "en": "Dong-gu, Daegu"}) & _city_forms(dong_gu)


def test_an_unknown_place_with_any_administrative_suffix_after_a_foreign_place() -> None:
    town = extract("영월군은 일본 홋카이도 비에이 정과 자매결연을 맺었다.")
    names = {c.name_ko or c.name for r in town for c in r.cities}
    assert "영월군" in names and any(n.startswith("비에이") for n in names)
    region = extract("대전시는 우즈베키스탄 페르가나주와 우호협력 협약을 체결했다.")
    names = {c.name_ko or c.name for r in region for c in r.cities}
    assert any(n.startswith("페르가나") for n in names)
    # A common word with 부 (외교부, the ministry) is not a place.
    ministry = extract("대전시는 중국 외교부와 협력 방안을 논의했다.")
    assert not any("외교" in (c.name_ko or "") for r in ministry for c in r.cities)


def test_a_place_name_inside_a_longer_capitalised_name_is_not_the_place() -> None:
    # A person (Ana Santa), an airport and a club carry place names; none is a party.
    text = (
        "A delegation led by Ana Santa visited Incheon International Airport and watched "
        "Suwon Samsung play. Later that week Jeonju Mayor Woo met the Mayor of Bologna on "
        "Monday to discuss a sister city agreement."
    )
    cities = {c.name for r in extract(text) for c in r.cities}
    assert {"Jeonju", "Bologna"} <= cities
    assert not cities & {"Santa", "Incheon", "Suwon"}


def test_a_city_naming_an_organisation_is_not_a_party() -> None:
    text = "함평군은 서울 마포구 상공회와 우호교류 협약을 맺었다."
    assert not any("Mapo-gu" in {c.name for c in r.cities} for r in extract(text))


def test_a_country_written_without_its_article_is_a_country() -> None:
    text = "The mayor of Daejeon visits the Netherlands and Belgium to sign an MOU."
    assert not {c.name for r in extract(text) for c in r.cities} & {"Netherlands"}


def test_cities_attending_one_event_are_not_tied_to_each_other() -> None:
    text = (
        "고양시는 국제회의를 개최한다고 밝혔다. "
        "이 회의에는 부산시, 대구시, 진주시, 영주시 등이 대표단으로 참가한다."
    )
    pairs = {frozenset(c.name for c in r.cities) for r in extract(text)}
    assert frozenset({"Busan", "Daegu"}) not in pairs
    assert frozenset({"Daegu", "Jinju"}) not in pairs


def test_a_count_that_takes_in_every_city_named_is_one_joint_relation() -> None:
    text = "공주시가 논산시, 보령시 등 3개 도시 공무원들이 함께하는 친선 축구대회를 열었다."
    groups = [frozenset(c.name for c in r.cities) for r in extract(text)]
    assert frozenset({"Gongju", "Nonsan", "Boryeong"}) in groups
    assert frozenset({"Nonsan", "Boryeong"}) not in groups


def test_a_list_named_as_partners_pairs_each_with_its_owner() -> None:
    text = (
        "통영시는 일본 도야마현 다카오카시, 중국 장쑤성 양저우시 등 자매도시들과의 교류를 "
        "잠정 중단한다고 밝혔다."
    )
    rels = extract(text)
    pairs = {frozenset(c.name for c in r.cities) for r in rels}
    assert frozenset({"Takaoka", "Yangzhou"}) not in pairs
    assert {frozenset({"Tongyeong", "Takaoka"}), frozenset({"Tongyeong", "Yangzhou"})} <= pairs
    # The exchanges are suspended; the ties they belong to stand.
    assert {(r.type.value, r.status.value) for r in rels} == {
        ("exchange", "suspended"),
        ("sister_city", "active"),
    }


def test_eval_takes_province_short_forms_and_special_city_suffix() -> None:
    from kg.eval import _city_forms, _gold_forms
    from kg.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    [gyeongnam] = [c for c in gaz.lookup("경상남도") if c.key.startswith("kr:")]
    assert _gold_forms({"ko": "경남"}) & _city_forms(gyeongnam)
    [suwon] = [r for r in extract("수원특례시는 독일 프라이부르크시와 자매결연을 맺었다.")]
    assert _gold_forms({"ko": "수원특례시"}) & _city_forms(
        next(c for c in suwon.cities if c.country == "KR")
    )


def _parties(text: str) -> list[frozenset[str]]:
    return [frozenset(c.name for c in r.cities) for r in extract(text)]


def test_a_body_of_counted_members_is_one_joint_relation() -> None:
    # A standing body, its size counted in one sentence, its members named in the next.
    text = (
        "원주시는 올해도 내륙 도시 교류회의에 참석한다고 3일 밝혔다. "
        "이 회의는 강원과 충북의 4개 시·군으로 구성된 협의체다. "
        "원주시와 충주시, 제천시, 영월군이 회원으로 참여하고 있다. "
        "회의는 해마다 관광 의제를 정해 열린다."
    )
    joint = {"Wonju", "Chungju", "Jecheon", "Yeongwol County"}
    assert frozenset(joint) in _parties(text)
    # A count that is not the number of the members named is no such reading.
    fewer = text.replace("4개 시·군", "5개 시·군")
    assert frozenset(joint) not in _parties(fewer)


def test_a_suffix_written_after_a_gloss_picks_the_entity_of_its_kind() -> None:
    # 구마모토(熊本)현: the prefecture, not its capital city of the same name.
    rels = extract("충남도와 일본 구마모토(熊本)현은 1983년 자매결연을 맺었다.")
    names = {c.name for r in rels for c in r.cities}
    assert "Kumamoto Prefecture" in names and "Kumamoto" not in names


def test_small_english_towns_in_a_city_slot_are_read() -> None:
    # Towns below 15,000 people: the GeoNames cities500 table, asked only in a city's slot.
    found = _types("The Bedfordshire town of Potton has been twinned with Pleinfeld in Germany.")
    assert found[frozenset({"Potton", "Pleinfeld"})] == {"sister_city"}
    rels = extract(
        "Burford renewed its ties in 2003; its French twin, Montreuil-sur-Mer, sent a choir."
    )
    partner = {c.name: c for r in rels for c in r.cities}["Montreuil-sur-Mer"]
    assert partner.country == "FR"  # no list knows it: a new city, its country from "French"


def test_a_small_town_name_outside_a_city_slot_is_not_a_place() -> None:
    # "Potton" is a town in GeoNames' smallest table, but a capitalised word elsewhere is not
    # looked up there: only a slot (twinned with, the town of, its twin, X in Country) is.
    rels = extract("Mr Potton, a teacher from Seoul, praised the sister city program with Paris.")
    assert all("Potton" not in {c.name for c in r.cities} for r in rels)


def test_a_foreign_city_written_first_frames_the_place_inside_it() -> None:
    # The larger unit first, no particle between: the metropolis qualifies its town or ward.
    found = _types("마포구는 일본 도쿄 시부야구와 우호 교류를 이어간다.")
    (pair,) = found
    assert "Tokyo" not in pair and "Mapo-gu" in pair
    # ... but a name before a title is a person, not a town (이토 as in 이토 가즈키 시장).
    rels = extract("공주시는 일본 야마구치시 이토 가즈키 시장 등 대표단을 맞았다.")
    assert {frozenset(c.name for c in r.cities) for r in rels} == {
        frozenset({"Gongju", "Yamaguchi"})
    }


def test_the_story_city_attending_with_others_is_tied_to_none_of_them() -> None:
    text = (
        "대구시는 이번 총회에 대표단을 보낸다고 2일 밝혔다. "
        "이번 총회에는 대구와 부산, 광주, 울산 등이 대표단으로 참석한다."
    )
    assert not any("Daegu" in p and len(p) == 2 for p in _parties(text))
    # Two other cities' teams at the story city's festival are not tied to each other.
    festival = (
        "춘천시는 오는 10일 개막하는 축제에 자매도시인 일본 가고시마시 대표단을 초청했다. "
        "축제에는 미국 뉴욕과 프랑스 파리의 공연팀도 참가한다."
    )
    assert frozenset({"New York City", "Paris"}) not in _parties(festival)
    assert frozenset({"Chuncheon", "Kagoshima"}) in _parties(festival)
    # A tie said of the same list is still read: it is not attendance.
    tied = "대구시는 부산, 광주, 울산과 자매결연을 맺고 대표단을 보냈다고 2일 밝혔다."
    assert frozenset({"Daegu", "Busan"}) in _parties(tied)


def test_a_foreign_officials_whole_name_and_city() -> None:
    # Two words before the title are one foreign name; the city written before it is theirs.
    rels = extract("춘천시는 10일 독일 프라이부르크시의 마르틴 호른 시장을 접견했다.")
    assert {frozenset(c.name for c in r.cities) for r in rels} == {
        frozenset({"Chuncheon", "Freiburg"})
    }
    officials = {(o.name, o.city.name if o.city else None) for r in rels for o in r.officials}
    assert ("마르틴 호른", "Freiburg") in officials


def test_another_city_as_subject_is_not_paired_with_the_story_city() -> None:
    text = (
        "통영시는 올해 자매도시 교류 행사를 모두 취소한다고 5일 밝혔다. "
        "통영시는 앞서 미국 벨뷰시와의 청소년 교류도 미뤘다. "
        "인근 거제시는 자매도시인 외국 도시와의 교류 행사를 취소했다."
    )
    pairs = _parties(text)
    assert frozenset({"Tongyeong", "Bellevue"}) in pairs
    assert frozenset({"Tongyeong", "Geoje"}) not in pairs


def test_stops_on_the_way_and_comparisons_are_not_parties() -> None:
    # A delegation's route (오사카를 거쳐, via Tokyo and Sydney) and a benchmark (서울, 부산에
    # 이어; like Vancouver) name places that are no party to the relation.
    ko_route = (
        "창원시는 일본 자매도시 히메지시에 대표단을 보냈다. "
        "대표단은 오사카를 거쳐 히메지에 도착했다."
    )
    assert all("Osaka" not in p for p in _parties(ko_route)) and _parties(ko_route)
    ko_bench = (
        "김해시는 중국 우한시와 교류협력 협약을 맺었다. 이번 협약은 서울, 부산에 이어 세 번째다."
    )
    assert _parties(ko_bench) and all("Seoul" not in p for p in _parties(ko_bench))
    en_route = (
        "Busan signed a sister city agreement with Auckland. "
        "The delegation flew via Tokyo and Sydney."
    )
    assert all(p <= {"Busan", "Auckland"} for p in _parties(en_route))


def test_a_name_in_a_partner_slot_is_a_city_without_its_suffix() -> None:
    rels = extract("광명시는 프랑스 자매도시 오베르쉬르우아즈와 문화 교류를 이어간다.")
    partner = {c.name: c for r in rels for c in r.cities}.get("오베르쉬르우아즈")
    assert partner is not None and partner.country == "FR"


def test_a_three_letter_city_is_read_where_a_name_stands() -> None:
    found = _types("Mayor Kim of Suwon met the mayor of Hue on Monday.")
    assert "meeting" in found[frozenset({"Suwon", "Hue"})]
    # At the start of a sentence a three-letter capitalised word is no city.
    assert _parties("Ulm and Seoul signed a sister city pact.") == []


def test_a_sentence_initial_function_word_is_not_part_of_a_name() -> None:
    assert set(_parties("Now Seoul and Paris signed a sister city pact.")) == {
        frozenset({"Seoul", "Paris"})
    }


def test_a_counted_anaphor_joins_only_as_many_cities_as_it_counts() -> None:
    # "세 도시는 공동으로": three named, three counted: one joint relation.
    three = "천안시와 아산시, 당진시 세 도시는 공동으로 관광 협약을 맺었다."
    assert frozenset({"Cheonan", "Asan", "Dangjin"}) in _parties(three)
    # Four named where three are counted: no joint relation of the four.
    four = "천안시와 아산시, 당진시, 서산시 세 도시는 공동으로 관광 협약을 맺었다."
    assert all(len(p) < 4 for p in _parties(four))


def test_a_suffixed_name_in_a_partner_slot_is_the_partner_even_as_a_venue() -> None:
    text = (
        "일본과의 교류가 올해 줄었다고 시는 밝혔다. "
        "경북 군위군은 지난달 우호교류 도시인 하코네마치시에서 열린 문화 행사에 참가했다."
    )
    pairs = _parties(text)
    assert any("Gunwi County" in p and len(p) == 2 for p in pairs)
    partner = next(c for r in extract(text) for c in r.cities if c.name != "Gunwi County")
    assert partner.country == "JP"


def test_a_pair_written_with_a_hyphen_and_a_list_after_a_foreign_place() -> None:
    # 고양시-이우시 (a headline's pair), and a suffixed name listed after a foreign place.
    assert frozenset({"Goyang", "Yiwu"}) in _parties("고양시-이우시 우호협력 강화 합의")
    listed = _parties("영천시는 베트남 박닌성, 꾸엉밧시와 우호 협약을 맺었다.")
    assert any("Yeongcheon" in p and any(n.startswith("꾸엉밧") for n in p) for p in listed)


def test_goods_sent_in_an_epidemic_are_aid() -> None:
    found = _types("김해시는 자매도시인 중국 우한시에 코로나19 예방용 마스크 2만 장을 지원했다.")
    assert "aid" in found[frozenset({"Gimhae", "Wuhan"})]
    # Support for a programme is no aid between cities.
    plain = _types("김해시는 자매도시인 중국 우한시와의 청소년 교류 프로그램 운영을 지원했다.")
    assert "aid" not in plain.get(frozenset({"Gimhae", "Wuhan"}), set())


def test_each_on_its_own_parallel_subjects_and_couples() -> None:
    # Parallel subjects (each with 은/는, or 각각) act toward the story's city, not each other.
    parallel = (
        "대구시는 성금을 받았다. 경북 안동시는 쌀 100포를, 충북 청주시는 성금 500만원을 보내왔다."
    )
    assert set(_parties(parallel)) == {
        frozenset({"Daegu", "Andong"}),
        frozenset({"Daegu", "Cheongju"}),
    }
    each = "대구시는 성금을 받았다. 경북 안동시와 충북 청주시가 각각 성금 500만원을 보내왔다."
    assert frozenset({"Andong", "Cheongju"}) not in _parties(each)
    # "A와 B, C와 D가 각각": two pairs.
    couples = "전남 순천시와 일본 가고시마시, 경남 김해시와 중국 우한시가 각각 자매결연을 맺었다."
    assert set(_parties(couples)) == {
        frozenset({"Suncheon", "Kagoshima"}),
        frozenset({"Gimhae", "Wuhan"}),
    }


def test_a_citys_residents_stand_for_the_city() -> None:
    text = "광주 북구가 최근 폭우로 피해를 입은 충남 예산군 주민을 돕기 위해 성금을 보냈다."
    assert "aid" in _types(text)[frozenset({"Buk-gu", "Yesan County"})]


def test_a_place_inside_a_city_written_after_it_keeps_the_city_a_party() -> None:
    # 고양시 일산동구: the district is inside the city; the city is no modifier of a noun.
    text = "강원 인제군은 자매결연을 맺은 경기 고양시 일산동구 주민들을 초청해 행사를 열었다."
    assert frozenset({"Inje County", "Goyang"}) in _parties(text)


def test_the_objects_of_one_verb_are_the_subjects_partners_not_each_others() -> None:
    text = (
        "충남도는 미국 오리건주와의 자매결연 40주년을 맞아 대표단을 파견한다. "
        "대표단은 포틀랜드와 세일럼을 방문할 예정이다."
    )
    pairs = _parties(text)
    assert frozenset({"Portland", "Salem"}) not in pairs
    assert frozenset({"South Chungcheong Province", "Portland"}) in pairs


def test_an_apposition_naming_a_partner_overrides_the_venue() -> None:
    text = (
        "In Tacoma, Washington, residents raised money to help people in Kitakyushu, "
        "the city's sister city since 1959. Volunteers packed boxes for a week."
    )
    assert frozenset({"Tacoma", "Kitakyushu"}) in _parties(text)


def test_where_a_visit_goes_is_the_city_visited() -> None:
    text = "Officials from Nagoya visited their counterparts in Los Angeles on Monday."
    assert "visit" in _types(text)[frozenset({"Nagoya", "Los Angeles"})]
    # Students' visits are an exchange (tests/test_extract_english.py); where they go is
    # still the city visited.
    text = "Students from Nagoya visited their counterparts in Los Angeles on Monday."
    assert "exchange" in _types(text)[frozenset({"Nagoya", "Los Angeles"})]


def test_korean_names_without_their_suffix_where_a_party_stands() -> None:
    # Joined to another city, before a relation's cue, or in a partner's slot.
    assert frozenset({"Suwon", "Jeonju"}) in _parties("수원과 전주가 우호협력 협약을 맺었다.")
    assert frozenset({"Suwon", "Jeonju"}) in _parties(
        "자매도시인 전주와 교류를 이어간다고 수원시는 밝혔다."
    )
    # A homograph in no such place stays a word (양산: mass production).
    assert all("Yangsan" not in p for p in _parties("양산 체제를 갖춘 기업이 창원시와 협약했다."))


def test_joining_hands_is_cooperation() -> None:
    found = _types("전북 군산시가 경기도 남양주시와 손을 잡고 관광 활성화에 힘을 모으기로 했다.")
    assert "cooperation" in found[frozenset({"Gunsan", "Namyangju"})]


def test_a_us_county_is_a_place_of_its_own() -> None:
    for text in (
        "울산시는 미국 오렌지카운티와 우호 교류를 이어간다.",
        "울산시는 미국 캘리포니아주 오렌지 카운티와 우호 교류를 이어간다.",
    ):
        (partner,) = {c.name_ko for r in extract(text) for c in r.cities if c.name != "Ulsan"}
        assert partner == "오렌지카운티"


def test_a_bare_gyeolyeon_is_a_sister_city_tie() -> None:
    # 결연 alone (결연 30주년, 결연을 맺은) names the tie, as 자매결연 does.
    found = _types("충북 제천시와 전남 여수시는 결연을 맺은 지 10년을 맞았다.")
    assert "sister_city" in found[frozenset({"Jecheon", "Yeosu"})]


def test_a_common_noun_with_a_suffix_after_a_country_is_no_place() -> None:
    # 프로축구 (pro football), 인민해방군: Kiwi's common nouns, whatever their last syllable.
    text = "창원시는 일본 프로축구 구단 관계자와 중국 인민해방군 출신 코치를 초청해 교류했다."
    names = {c.name_ko or c.name for r in extract(text) for c in r.cities}
    assert not any(n.startswith(("프로축", "인민해방")) for n in names)


def test_a_name_right_after_a_title_is_a_person_not_a_city() -> None:
    """Korean puts a title before a name as well as after it (시장 고바야시 아키라): a
    surname ending in 시 there is no unknown city, whatever country the text named last;
    a city's title glued to it (안산시장 쯔보시 방문, a headline) still leaves a place."""
    text = (
        "고양시와 독일 하노버시는 자매결연 30주년을 맞았다. "
        "고양시장은 지난 4일 일본 마쓰에시 시장 고바야시 아키라를 접견하고 환경 교류를 논의했다."
    )
    found = _types(text)
    assert found[frozenset({"Goyang", "Matsue"})] >= {"meeting"}
    assert all(
        "고바야시" not in c.name_ko and c.name != "고바야" for r in extract(text) for c in r.cities
    )
    assert {c.key.startswith("new:") for r in extract(text) for c in r.cities} == {False}
    assert frozenset({"Zibo", "Ansan"}) in _types("김철수 안산시장 쯔보시 방문")


def test_a_name_ending_in_si_before_an_honorific_or_a_governors_title_is_a_person() -> None:
    """Japanese names often end in 시 (가즈요시, 다테이시): before 씨, a governor's title (a
    governor heads a province, never a city) or a province and its title, such a name is
    the person's, not a new city; a real new city ending in 시 is still read."""
    start = "강원도는 일본 돗토리현과 교류를 이어왔다. "
    for person in (
        "일본 야마다 가즈요시 지사는 15일 강원도를 방문했다.",
        "일본 가즈요시 돗토리현 지사는 15일 강원도를 방문했다.",
        "일본 다테이시 씨는 15일 강원도를 방문했다.",
    ):
        found = _types(start + person)
        assert set(found) == {frozenset({"Gangwon Province", "Tottori Prefecture"})}, person
        assert "visit" in found[frozenset({"Gangwon Province", "Tottori Prefecture"})]
    city = extract(
        "충주시는 일본 가가와현 미토요시와 자매결연을 맺었다. 미토요시 시장은 충주를 방문했다."
    )
    assert {c.name_ko for r in city for c in r.cities} == {"충주시", "미토요시"}


def test_a_tally_of_partners_names_no_tie_of_the_pair_at_hand() -> None:
    """A sentence that counts the story city's partners by their kind of tie (자매도시 9곳,
    우호도시 3곳) gives the pair under discussion none of those ties; what it says of this
    pair's own agreement (이번 협약으로) still counts."""
    story = (
        "김해시는 독일 뮌헨시와 우호교류 협정을 체결했다고 12일 밝혔다.\n"
        "홍길동 시장은 지난 9일 뮌헨을 찾아 협정서에 서명했다.\n"
        "양측은 문화 분야에서 협력하기로 했다.\n"
    )
    pair = frozenset({"Gimhae", "Munich"})
    counted = _types(story + "김해시는 현재 자매도시 9곳, 우호도시 3곳과 교류하고 있다.")
    assert "sister_city" not in counted[pair] and "friendship" in counted[pair]
    this_one = _types(
        story + "이번 협약으로 김해시와 자매도시 또는 우호교류 협정을 맺은 해외도시는 "
        "5개국 7개 도시로 늘었다."
    )
    assert "sister_city" not in this_one[pair] and "cooperation" in this_one[pair]


def test_a_friendship_gyeolyeon_is_a_friendship_tie() -> None:
    # 우호결연 is the friendship tie; 결연 alone (자매결연's short form) is the sister tie.
    found = _types("충북 제천시와 경북 영양군은 우호결연 협약을 체결했다.")
    assert "friendship" in found[frozenset({"Jecheon", "Yeongyang County"})]
    assert "sister_city" not in found[frozenset({"Jecheon", "Yeongyang County"})]


def test_a_city_or_its_hall_as_the_object_of_chatda_is_the_city_visited() -> None:
    # 찾다 (to call on) with a city or its hall as the object: a visit, like 방문.
    hall = _types(
        "김해시는 독일 뮌헨시와 우호교류 협정을 체결했다고 12일 밝혔다. 홍길동 시장이 지난 "
        "9일 뮌헨 시청을 찾아 한스 뮐러 뮌헨 시장과 함께 협정서에 서명했다."
    )
    assert "visit" in hall[frozenset({"Gimhae", "Munich"})]
    city = _types("김해시 대표단은 지난 5일 자매도시인 일본 가가와현 미토요시를 찾았다.")
    assert "visit" in city[frozenset({"Gimhae", "Mitoyo"})]
    country = _types("김해시 대표단은 자매결연 10주년을 맞아 지난 5일 일본을 찾았다.")
    assert all("visit" not in types for types in country.values())


def test_a_body_that_is_a_conference_is_its_members_meeting() -> None:
    # A body named as a conference (…시장회의) meets; a council (…협의회) only cooperates.
    text = (
        "충주시는 오는 5일 제천에서 열리는 중부내륙 시장회의에 참석한다고 3일 밝혔다. "
        "중부내륙 시장회의는 4개 시·군으로 구성된 회의체다. "
        "충주시와 원주시, 제천시, 영월군이 회원으로 참여하고 있다. "
        "회의는 해마다 관광 의제를 정한다."
    )
    joint = frozenset({"Chungju", "Wonju", "Jecheon", "Yeongwol County"})
    assert _types(text)[joint] >= {"cooperation", "meeting"}
    council = text.replace("시장회의에", "관광협의회의 총회에").replace("시장회의", "관광협의회")
    assert "meeting" not in _types(council)[joint]


def test_each_list_takes_the_tie_that_heads_it() -> None:
    # "자매도시는 A, B, 우호도시는 C": each tie cue heads the list after it.
    found = _types("김해시 자매도시는 중국 항저우시, 란저우시, 우호도시는 닝보시, 쑤저우시 등이다.")
    assert found[frozenset({"Gimhae", "Hangzhou"})] == {"sister_city"}
    assert found[frozenset({"Gimhae", "Lanzhou"})] == {"sister_city"}
    assert found[frozenset({"Gimhae", "Ningbo"})] == {"friendship"}


def test_a_cue_word_in_a_list_is_no_new_city() -> None:
    # 우호도시 ends in 시 and follows a foreign city in a list, but it is a kind of tie.
    text = "김해시 자매도시는 중국 항저우시, 란저우시, 우호도시는 닝보시, 쑤저우시 등이다."
    names = {c.name_ko or c.name for r in extract(text) for c in r.cities}
    assert not any(n.startswith("우호") for n in names)
    assert _types(text)[frozenset({"Gimhae", "Ningbo"})] == {"friendship"}


def test_a_tie_heading_a_list_is_the_tie_of_that_lists_cities_only() -> None:
    # "자매결연 도시인 A, B, C가 참여하며 이 밖에도 D, E가": D and E are no sister cities.
    found = _types(
        "이번 장터에는 김해시 자매결연 도시인 전북 고창군, 경북 예천군, 전남 신안군이 "
        "참여하며 이 밖에도 전남 곡성군, 충북 괴산군이 함께한다."
    )
    for county in ("Gochang County", "Yecheon County", "Sinan County"):
        assert "sister_city" in found[frozenset({"Gimhae", county})]
    for county in ("Gokseong County", "Goesan County"):
        assert "sister_city" not in found.get(frozenset({"Gimhae", county}), set())


def test_a_name_in_apposition_to_a_city_is_a_city() -> None:
    # "몽골 서부 거점도시인 홉드시와": a suffixed name after …도시인 is a city, as in a
    # partner's slot, with the country named before (not in the gazetteer: a new city).
    found = _types("김해시는 몽골 서부 거점도시인 홉드시와 자매결연을 맺었다.")
    assert found[frozenset({"Gimhae", "홉드"})] == {"sister_city"}


def test_a_foreign_name_given_with_a_provinces_suffix_is_that_province_bare() -> None:
    # The text names 이르쿠츠크주 (the oblast) first: its bare name later is the oblast too,
    # not the city of the same name.
    text = (
        "경북도와 러시아 이르쿠츠크주는 자매결연 20주년 기념행사를 열었다.\n"
        "행사에는 이철우 경북지사와 이고리 이르쿠츠크 주지사가 참석했다.\n"
        "경북도는 이르쿠츠크 청소년 교류 사업을 이어가기로 했다."
    )
    parties = {frozenset(c.name for c in r.cities) for r in extract(text)}
    assert parties == {frozenset({"North Gyeongsang Province", "Irkutsk Oblast"})}


def test_sister_cities_friendship_is_how_the_tie_is_lived() -> None:
    # "우호 관계를 다져 왔다", "the friendship between": a word of manner said of a pair
    # the text ties as sister cities is no friendship tie of its own.
    lived = _types(
        "원주시와 미국 로어노크시는 자매결연 60주년을 맞았다. "
        "원주시장은 양 도시의 우호 관계를 더 공고히 하겠다고 말했다. "
        "시는 기념행사에 대표단을 보낸다."
    )
    assert "friendship" not in lived[frozenset({"Wonju", "Roanoke"})]
    english = _types(
        "Bristol and Hanover, twinned since 1947, celebrated the friendship between them."
    )
    assert english[frozenset({"Bristol", "Hanover"})] == {"sister_city"}
    # A friendship tie concluded (우호교류 협정을 체결) stays beside the sister tie, and a
    # friendship word is a tie where no sister tie is said.
    concluded = _types(
        "춘천시와 중국 다롄시는 2005년 우호교류 협정을 체결했고, 올해 자매결연을 맺었다."
    )
    assert concluded[frozenset({"Chuncheon", "Dalian"})] == {"sister_city", "friendship"}
    alone = _types("수원시는 중국 제남시와 우호 관계를 다지기로 했다.")
    assert alone[frozenset({"Suwon", "Jinan"})] == {"friendship"}


def test_a_bare_name_with_min_glued_on_is_a_person() -> None:
    # "안성민 부산시의회 의장": residents are named on the suffix (안성시민); a bare city
    # name with 민 glued on is a person's name, not the city of 안성.
    found = _types(
        "박형준 부산시장과 안성민 부산시의회 의장이 참석한 가운데 부산시는 "
        "일본 후쿠오카시와 자매결연 35주년 기념식을 열었다."
    )
    assert all("Anseong" not in pair for pair in found)
    assert "sister_city" in found[frozenset({"Busan", "Fukuoka"})]


def test_a_sentence_without_a_party_continues_the_pair_just_named() -> None:
    # Korean leaves out the subject the last sentence gave: the second sentence has no
    # city of its own and continues the pair of the first (its aid is theirs).
    found = _types(
        "김해시는 전북 고창군과 2008년 자매결연을 맺었다. "
        "그동안 농산물 직거래 장터 운영과 수해 복구 성금 전달 등으로 우의를 다져 왔다. "
        "김해시장은 앞으로도 교류를 넓혀 가겠다고 말했다."
    )
    assert "aid" in found[frozenset({"Gimhae", "Gochang County"})]


def test_officials_of_two_cities_signing_together_met() -> None:
    # The story's mayor, named without a city, and a foreign mayor whose name Kiwi does not
    # know (부치 read as a verb's stem with no ending) sign together: the cities met.
    found = _types(
        "경남 통영시는 이탈리아 제노바시와 우호교류 협정을 체결했다고 12일 밝혔다. "
        "천영기 시장은 지난 9일 제노바 시청을 찾아 마르코 부치 제노바 시장과 함께 "
        "협정서에 서명했다. 두 도시는 수산업 분야에서 협력하기로 했다."
    )
    assert "meeting" in found[frozenset({"Tongyeong", "Genoa"})]


def test_a_glossed_prefecture_and_city_before_a_tie_name_the_partner() -> None:
    # "X(漢字)현 Y(漢字)시의 자매 도시인 Z": the particle came with the suffix written apart
    # (Y is no modifier of a noun), and the prefecture the gazetteer lacks qualifies Y.
    found = _types(
        "일본 나가노(長野)현 마쓰모토(松本)시의 자매 도시인 충북 제천시는 "
        "올여름 학생 교류를 취소했다."
    )
    assert set(found) == {frozenset({"Jecheon", "Matsumoto"})}
    assert "sister_city" in found[frozenset({"Jecheon", "Matsumoto"})]


def test_a_numbered_district_of_a_foreign_city_is_that_district() -> None:
    # "파리 5구", "파리 5구장": the district (a place of its own), not the whole city.
    rels = extract(
        "서울 종로구는 프랑스 파리 5구와 자매결연을 맺었다고 2일 밝혔다. "
        "협약식에는 종로구청장과 베르텍스 파리 5구장이 참석했다."
    )
    parties = {frozenset(c.name for c in r.cities) for r in rels}
    assert parties == {frozenset({"Jongno-gu", "Paris 5th arrondissement"})}
    district = next(c for r in rels for c in r.cities if c.country == "FR")
    assert district.name_ko == "파리 5구"


def test_two_korean_cities_glued_are_one_name_of_something_else() -> None:
    # "수원화성문화제", "수원화성의": two cities glued, neither inside the other, name a
    # fortress and its festival, not a chain of places (unlike 부산해운대구, 충남보령시).
    found = _types(
        "수원시는 제60회 수원화성문화제에 자매도시인 독일 프라이부르크시 공연단을 초청했다. "
        "공연단은 수원화성의 아름다움을 세계에 알린다."
    )
    assert set(found) == {frozenset({"Suwon", "Freiburg"})}
    chain = _types("부산해운대구는 일본 후쿠오카시와 자매결연을 맺었다.")
    assert set(chain) == {frozenset({"Haeundae-gu", "Fukuoka"})}


def test_a_name_right_after_its_country_is_a_place_whatever_kiwi_makes_of_it() -> None:
    # Kiwi splits a foreign name it does not know (클루지 + 나 + 포카): right after its
    # country, with nothing between, the gazetteer's name is the place.
    found = _types("수원시는 루마니아 클루지나포카와 자매결연 10주년 기념식을 열었다.")
    assert "sister_city" in found[frozenset({"Suwon", "Cluj-Napoca"})]


def test_a_ties_own_agreement_is_no_cooperation_of_its_own() -> None:
    # "자매결연 협약", "a sister city agreement", "a similar agreement": the document of the
    # tie named before it, not a cooperation agreement beside it.
    for text in (
        "춘천시는 중국 다롄시와 자매결연 협약을 체결했다.",
        "Bristol signed a sister city agreement with Hanover in 1947.",
    ):
        assert set().union(*_types(text).values()) == {"sister_city"}
    similar = _types(
        "Shanghai ended its sister city tie with Prague after Prague signed a similar "
        "agreement with Taipei."
    )
    assert similar[frozenset({"Prague", "Taipei"})] == {"sister_city"}
    # An agreement of its own is still one.
    own = _types("춘천시는 중국 다롄시와 관광 분야 업무협약을 체결했다.")
    assert own[frozenset({"Chuncheon", "Dalian"})] == {"cooperation"}


def test_sister_and_friendship_cities_as_one_group_give_a_sister_city_no_friendship() -> None:
    # "자매·우호도시": a group of either kind; a partner the text ties as a sister city is
    # not a friendship city for being in it.
    found = _types(
        "김해시는 1996년 일본 무나카타시와 자매결연을 맺었다. "
        "시는 무나카타시 등 해외 자매·우호도시에 방역 마스크를 보냈다. "
        "시는 앞으로도 교류를 이어간다."
    )
    pair = next(p for p in found if "Gimhae" in p)
    assert "sister_city" in found[pair] and "friendship" not in found[pair]


def test_jiwon_as_the_verb_with_a_city_receiving_is_aid() -> None:
    # "X에 …을 지원했다": 지원 as the verb of its clause, a city in the dative receiving,
    # is aid whatever is given (machines and staff here, no money or disaster named).
    found = _types("구리시는 자매도시인 충북 단양군에 굴착기와 직원 20명을 지원했다.")
    assert found[frozenset({"Guri", "Danyang County"})] == {"sister_city", "aid"}
    # The noun of a plan (행정 지원 방안) is no aid.
    plan = _types("구리시는 자매도시인 충북 단양군과 행정 지원 방안을 마련했다.")
    assert "aid" not in plan.get(frozenset({"Guri", "Danyang County"}), set())


def test_a_name_glued_to_a_city_and_its_title_is_that_citys_official() -> None:
    # "박민호부산시장은": Kiwi reads the name as a proper noun of its own and starts a token
    # where the city does; the city with its title is a party, the name its mayor.
    rels = extract("박민호부산시장은 지난 5일 일본 후쿠오카시를 찾아 자매결연 20주년을 축하했다.")
    sister = next(r for r in rels if r.type.value == "sister_city")
    assert {c.name for c in sister.cities} == {"Busan", "Fukuoka"}
    assert [(o.name, o.role, o.city.name if o.city else None) for o in sister.officials] == [
        ("박민호", "mayor", "Busan")
    ]


def test_an_act_reported_in_the_non_past_is_announced_to_come() -> None:
    # "지원한다고 밝혔다" (-ㄴ다고) announces what is to come; "지원했다고" reports it done.
    def statuses(text: str) -> dict[str, str]:
        return {r.type.value: r.status.value for r in extract(text)}

    base = "구리시는 자매도시인 충북 단양군에 방역 마스크 2만장을 지원{}고 3일 밝혔다."
    assert statuses(base.format("한다")) == {"aid": "planned", "sister_city": "active"}
    assert statuses(base.format("했다")) == {"aid": "active", "sister_city": "active"}


def test_a_plan_contrasted_with_what_came_of_it_takes_that_status() -> None:
    # "열 예정이었으나, … 연기했다": the plan was put off (suspended), not still planned.
    rels = extract(
        "구리시는 충북 단양군과 자매결연 30주년 기념식을 열 예정이었으나, 태풍 때문에 연기했다."
    )
    statuses = {r.status.value for r in rels if r.type.value == "exchange"}
    assert "suspended" in statuses and "planned" not in statuses


def test_a_place_and_the_one_it_is_part_of_are_no_pair() -> None:
    # "서울과 강동구에서": a district and its city are where it happens, not two parties.
    found = _types(
        "강동구는 자매도시인 일본 오사카 학생들을 초청해 "
        "서울과 강동구에서 홈스테이 교류 행사를 열었다."
    )
    assert frozenset({"Seoul", "Gangdong-gu"}) not in found


def test_a_foreign_provinces_hanja_reading_bare_is_no_province() -> None:
    # 호남 is the Korean region; 호남성 (the hanja reading of 후난성) names Hunan only with
    # its suffix, after its country, or where the text has given it with its suffix.
    found = _types(
        "전북 임실군은 호남과 영남 지역 공무원 친선축구대회에 경남 거창군과 함께 참가했다."
    )
    assert all("Hunan" not in pair for pair in found)
    framed = _types("전북 임실군은 중국 산동성과 우호교류 협약을 맺었다.")
    assert "friendship" in framed[frozenset({"Imsil County", "Shandong"})]


def test_an_anaphor_stands_for_its_cities_where_it_is_written() -> None:
    # "두 도시는 정기 간담회를 열어": the scorer weighs the pair as named where the anaphor
    # stands (next to the cue), not as two cities absent from the sentence.
    found = _types(
        "구리시와 충북 단양군은 2010년 자매결연을 맺었다. "
        "구리시는 단양군과 농산물 직거래 장터를 운영하고 있다. "
        "2012년부터 두 도시는 해마다 정기 간담회를 열어 교류 확대 방안을 논의해 왔다. "
        "구리시장은 앞으로도 교류를 넓히겠다고 말했다."
    )
    assert "meeting" in found[frozenset({"Guri", "Danyang County"})]


def test_a_korean_place_before_an_unknown_district_qualifies_it() -> None:
    # "서울 성둥구" (a name the gazetteer lacks, a proper noun to Kiwi with a district's
    # suffix): 서울 qualifies it and is no partner of its own.
    found = _types("전북 군산시는 국내에 경북 김천시, 서울 성둥구 2개 도시와 자매결연을 맺고 있다.")
    assert frozenset({"Gunsan", "Seoul"}) not in found
    assert "sister_city" in found[frozenset({"Gunsan", "Gimcheon"})]


def test_a_name_in_a_partners_slot_with_its_suffix_apart_is_a_city() -> None:
    # "자매결연 도시인 나카사쓰나이 촌에": the suffix written apart, the country named
    # before the slot (not in the gazetteer: a new city).
    rels = extract("강원 평창군은 일본 자매결연 도시인 나카사쓰나이 촌에 성금을 보냈다.")
    towns = {c.name_ko for r in rels for c in r.cities if c.country == "JP"}
    assert towns == {"나카사쓰나이촌"}
    assert {r.type.value for r in rels} == {"sister_city", "aid"}


def test_the_last_item_before_a_list_closing_deung_is_a_party() -> None:
    # "A, B 등이다", "A, B 등과": the bound noun 등 closes the list; the name before it is
    # an item of the list, not a name modifying the noun after it.
    listed = _types("안동시의 우호도시는 중국 쑤저우시, 항저우시 등이다.")
    assert listed[frozenset({"Andong", "Hangzhou"})] == {"friendship"}
    joined = _types("김해시는 일본 무나카타시, 미국 어바인시 등과 자매결연을 맺고 있다.")
    assert joined[frozenset({"Gimhae", "Irvine"})] == {"sister_city"}


def test_a_latin_name_with_a_citys_suffix_or_title_in_korean_text_is_a_city() -> None:
    # "호주 Port Macquarie 시장", "Port Macquarie시와": a name in Latin letters takes a
    # city's title or suffix as a Korean name does; the country is the one named before it.
    titled = _types("호주 Port Macquarie 시장 일행이 5일 충주시를 찾아 자매결연을 맺었다.")
    assert "sister_city" in titled[frozenset({"Chungju", "Port Macquarie"})]
    glued = _types("충주시는 호주 Port Macquarie시와 청소년 교류를 이어가고 있다.")
    assert glued[frozenset({"Chungju", "Port Macquarie"})] == {"exchange"}
    # Capitalised words with no suffix or title after them are no place.
    assert _types("충주시는 호주 Port Macquarie 대학과 교류하고 있다.") == {}


def test_a_korean_cue_takes_a_space_only_between_parts_of_two_syllables() -> None:
    # 내한 (a visit to Korea) is no cue across "혁신도시 내 한국…"; 자매 결연 still is.
    found = _types(
        "전주시장과 완주군수는 이날 혁신도시 내 한국농업기술원에서 만나 상생 협력 방안을 논의했다."
    )
    # (만나: the heads met, GUIDE.md's meeting; no visit from 내한)
    assert found[frozenset({"Jeonju", "Wanju County"})] == {"cooperation", "meeting"}
    spaced = _types("춘천시는 내년 6월 일본 가고시마시와 자매 결연을 맺기로 했다.")
    assert "sister_city" in spaced[frozenset({"Chuncheon", "Kagoshima"})]


def test_a_decision_with_gi_ro_is_planned_whatever_its_verb() -> None:
    # The nominaliser 기 with 로 says what was decided: 맺기로 뜻을 모았다, 확정했다.
    found = _statuses("춘천시와 가고시마시는 자매결연을 맺기로 뜻을 모았다.")
    assert found["sister_city"] == {"planned"}
    # A noun that ends so (주기로) decides nothing.
    kept = _statuses("춘천시와 가고시마시는 2년 주기로 청소년 교류를 이어가고 있다.")
    assert kept["exchange"] == {"active"}


def test_a_clause_closed_in_the_non_past_of_an_action_verb_is_planned() -> None:
    # News tells what is scheduled in the non-past: 이뤄진다, 엽니다.
    found = _statuses("춘천시와 가고시마시의 자매결연 협약식은 가고시마 시청에서 이뤄진다.")
    assert found["sister_city"] == {"planned"}
    polite = _statuses("춘천시는 가고시마시 대표단을 맞아 환영 만찬을 엽니다.")
    assert polite["visit"] == {"planned"} and polite["meeting"] == {"planned"}
    # A past adnominal (맺은) or a state (해왔다, 하고 있다) met first is none.
    past = _statuses("춘천시와 가고시마시는 2010년 자매결연을 맺은 뒤 청소년 교류를 해왔다.")
    assert past["sister_city"] == {"active"} and past["exchange"] == {"active"}


def test_yebang_is_a_meeting_as_a_courtesy_call_not_as_prevention() -> None:
    # 예방 (禮訪) is the verb of its clause; the homonym (豫防) heads a noun.
    masks = _types("제주시는 자매도시인 중국 계림시에 감염병 예방용 마스크 1만장을 지원했다.")
    assert masks[frozenset({"Jeju City", "Guilin"})] == {"sister_city", "aid"}
    assert not _types("제주시는 계림시와 함께 산불 예방 교육을 열었다.")
    call = _types("제주시장은 이날 계림시 청사에서 계림시장을 예방하고 교류 확대를 논의했다.")
    assert "meeting" in call[frozenset({"Jeju City", "Guilin"})]


def test_an_agreement_named_for_friendship_is_the_friendship_tie() -> None:
    # 친선 completes its paradigm with 우호 (결연, 도시, 협약, 협정): a friendship agreement
    # is the friendship tie, not a cooperation of its own.
    found = _types("양구군은 지난 5일 독일 작센주 라이프치히시와 친선 협약을 맺었다.")
    assert found[frozenset({"Yanggu County", "Leipzig"})] == {"friendship"}


def test_a_foreign_town_named_before_the_text_says_its_country_is_read_again() -> None:
    # The headline names the town with its suffix and no country; the body gives the
    # country (in the second text with the town again): the headline is read with both.
    for body in (
        "양구군은 3일 모로코의 한 지방 도시 대표단과 우호교류 협약을 맺었다고 밝혔다.",
        "양구군은 지난 3일 군청에서 모로코 마르펠리아시 대표단과 만났다고 5일 밝혔다.",
    ):
        text = f"양구군, 마르펠리아시와 우호교류 협약 체결\n{body}\n군은 앞으로 교류를 넓혀 간다."
        found = {
            (frozenset((c.name, c.country) for c in r.cities), r.type.value) for r in extract(text)
        }
        assert (frozenset({("Yanggu County", "KR"), ("마르펠리아", "MA")}), "friendship") in found


def test_a_town_the_text_gave_is_found_again_with_its_suffix_apart() -> None:
    # Kiwi does not take the foreign word for one proper noun; the text has said it is a
    # town (자매도시인 도카치카와 정에), so "도카치카와 정은" later is that town again.
    found = _types(
        "양평군은 일본 자매도시인 도카치카와 정에 축하 서한을 보냈다. "
        "군은 도카치카와 정 관계자에게 감사를 전했다. "
        "인구 1만명의 작은 마을인 도카치카와 정은, 양평군과 2015년 업무협약을 맺었다."
    )
    assert found[frozenset({"Yangpyeong County", "도카치카와"})] == {"sister_city", "cooperation"}


def test_an_exchange_word_naming_an_agreement_states_the_agreement() -> None:
    # 체육 교류 협약, 청소년 교류 의향서: what the agreement is about, no exchange held.
    for text in (
        "태백시는 지난 5일 일본 삿포로시와 체육 교류 협약을 맺었다.",
        "태백시와 삿포로시는 청소년 교류 의향서를 교환했다.",
    ):
        assert _types(text)[frozenset({"Taebaek", "Sapporo"})] == {"cooperation"}
    # An exchange the agreement does not name stays one.
    held = _types("태백시와 삿포로시는 협약을 맺고 청소년 교류를 시작했다.")
    assert "exchange" in held[frozenset({"Taebaek", "Sapporo"})]


def test_staying_away_from_a_partner_event_suspends_the_exchange() -> None:
    # 불참 (not taking part) joins 취소 and 중단: the exchange did not take place.
    found = _statuses("태백시는 올해 자매도시인 일본 삿포로시의 눈축제에 불참했다.")
    assert found["exchange"] == {"suspended"}


def test_a_city_before_its_official_is_a_party_not_a_modifier() -> None:
    # 고양시 이동환 시장: the city heads the official named after it.
    found = _types("고양시 이동환 시장은 진주시 조규일 시장과 오찬 회동을 했다.")
    assert found[frozenset({"Goyang", "Jinju"})] == {"meeting"}
    # 도지사 is a title, though it ends as 지사 (a branch office) does.
    governor = _types("고양시장은 전라남도 도지사와 만났다.")
    assert governor[frozenset({"Goyang", "South Jeolla Province"})] == {"meeting"}


def test_a_city_before_the_noun_between_is_a_party() -> None:
    # "A와 B 간의", "A와 B 사이의": the relational noun takes the pair; B modifies nothing.
    found = _types("이번 협약으로 고성군과 속초시 간의 청소년 교류가 시작된다.")
    assert found[frozenset({"Goseong County", "Sokcho"})] == {"cooperation", "exchange"}
    among = _types("고성군과 속초시 사이의 관광 협력이 강화된다.")
    assert "cooperation" in among[frozenset({"Goseong County", "Sokcho"})]


def test_a_state_governor_written_apart_is_the_states_official() -> None:
    # 콜로라도주 주지사와: 주지사 is a title, not the branch office 지사 with 주 before it.
    found = _types("태백시장은 미국 콜로라도주 주지사와 만나 관광 협력을 논의했다.")
    assert found[frozenset({"Taebaek", "Colorado"})] == {"meeting", "cooperation"}


def test_a_foreign_town_gazetteer_lacks_in_hangul_is_found_by_its_sound(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Korean writes a foreign name by ear; GeoNames has a Hangul name for few towns. The
    town whose Latin name sounds like the Hangul one is the party, with its GeoNames id and
    the text's spelling, and the guess is said in a warning; a Chinese name (read by its
    characters as often as by its sound) stays a new city."""
    with caplog.at_level("WARNING"):
        found = extract(
            "평창군은 일본 홋카이도 시라오이정과 우호교류 협약을 체결했다고 5일 밝혔다."
        )
    towns = [c for r in found for c in r.cities if c.country == "JP"]
    assert towns and {(c.name, c.geonames, c.name_ko) for c in towns} == {
        ("Shiraoi", 2128072, "시라오이정")
    }
    assert "read as Shiraoi" in caplog.text and "by its sound" in caplog.text
    chinese = [
        c for r in extract("평창군은 중국 곤산시와 우호교류 협약을 체결했다.") for c in r.cities
    ]
    assert any(c.key.startswith("new:cn:") for c in chinese)


def test_an_unknown_city_after_a_korean_province_is_a_korean_city() -> None:
    # 경남 삼천포시 (merged into Sacheon in 1995): a name with a city's suffix right after a
    # Korean province is a Korean local government the gazetteer lacks, kept with a warning.
    rels = extract("영동군은 1990년 경남 삼천포시와 자매결연을 맺고 공무원 교류를 이어왔다.")
    found = {(frozenset((c.name, c.country) for c in r.cities), r.type.value) for r in rels}
    pair = frozenset({("Yeongdong County", "KR"), ("삼천포", "KR")})
    assert (pair, "sister_city") in found and (pair, "exchange") in found


def test_a_name_inside_a_korean_province_is_no_foreign_city() -> None:
    # 전북 이리시 (Iksan since 1995) is not Erie, USA, whatever the gazetteer's exonyms say.
    rels = extract("영동군은 1990년 전북 이리시와 자매결연을 맺고 공무원 교류를 이어왔다.")
    assert {c.country for r in rels for c in r.cities} == {"KR"}
    assert {c.name for r in rels for c in r.cities} == {"Yeongdong County", "이리"}


def test_a_tie_cue_belongs_to_the_partner_its_clause_names() -> None:
    # Two clauses, two ties: each tie is concluded with the partner its own clause names.
    found = _types(
        "고양시는 1996년 일본 나가노시와 자매결연을 맺었고, 2010년에는 중국 이우시와 "
        "우호도시 협약을 체결했다."
    )
    assert found[frozenset({"Goyang", "Nagano"})] == {"sister_city"}
    assert found[frozenset({"Goyang", "Yiwu"})] == {"friendship"}
    # An adnominal with a noun of time (맺은 뒤) closes its clause too; the event after it
    # is left to both.
    after = _types(
        "고양시는 나가노시와 자매결연을 맺은 뒤 이우시와 함께 청소년 교류를 이어가고 있다."
    )
    assert after[frozenset({"Goyang", "Nagano"})] == {"sister_city", "exchange"}
    assert after[frozenset({"Goyang", "Yiwu"})] == {"exchange"}


def test_items_of_one_list_closed_by_deung_are_not_each_others_partners() -> None:
    # "A시청, B시청 등의 관계자와": items side by side, joined by no 와/과.
    listed = _types(
        "이번 방문 기간 동안 대표단은 춘천시청, 원주시청 등의 관계자와 면담할 예정이다."
    )
    assert frozenset({"Chuncheon", "Wonju"}) not in listed
    # The comitative still makes them partners.
    joined = _types("춘천시와 원주시는 관광 분야 업무협약을 맺었다.")
    assert joined[frozenset({"Chuncheon", "Wonju"})] == {"cooperation"}


def test_a_tie_withdrawn_is_ended() -> None:
    # 철회 (withdrawal) joins 파기 and 해지.
    found = _statuses("영동군은 일본 오다테시와의 자매결연을 지난 5일 철회했다.")
    assert found["sister_city"] == {"ended"}


def test_an_event_dated_in_local_time_abroad_is_a_visit() -> None:
    # "(현지시간)": the event took place abroad, where the foreign partner is.
    found = _types(
        "양구군수는 15일(현지시간) 독일 라이프치히 시청에서 라이프치히 시장과 "
        "우호교류 의향서를 교환했다."
    )
    assert "visit" in found[frozenset({"Yanggu County", "Leipzig"})]
    # No foreign city, no visit: a local-time caption of a disaster abroad names none.
    assert not _types("양구군은 15일(현지시간) 발생한 지진 소식에 깊은 위로를 전했다.")


def test_a_party_from_abroad_at_the_other_partys_hall_visited() -> None:
    # At one party's hall (군청에서), a party of another country came to it: a visit.
    found = _types("양구군수는 8일 양구군청에서 독일 라이프치히 시장을 접견했다.")
    assert found[frozenset({"Yanggu County", "Leipzig"})] == {"meeting", "visit"}
    # Two Korean cities signing at one's hall: no visit is said.
    home = _types("양구군수는 8일 양구군청에서 춘천시장과 관광 업무협약을 맺었다.")
    assert "visit" not in home[frozenset({"Yanggu County", "Chuncheon"})]


def test_an_officials_party_or_tour_is_a_visit_word() -> None:
    # 일행 (an official's party) is a delegation like 방문단; 순방 a tour of visits.
    party = _types("양구군수는 라이프치히 시장 일행에게 환영 만찬을 베풀었다.")
    assert party[frozenset({"Yanggu County", "Leipzig"})] == {"meeting", "visit"}
    tour = _types("양구군수는 독일과 오스트리아 순방 중 라이프치히 시장과 만났다.")
    assert tour[frozenset({"Yanggu County", "Leipzig"})] == {"meeting", "visit"}


def test_corner_brackets_quote_as_quotation_marks_do() -> None:
    # 『…』 and 「…」 (older Korean print) are quotations, read as “…” is.
    for body in (
        "앞으로 나가노시와 청소년 교류를 더 늘리고 싶다",
        "나가노시와의 자매결연은 우리 시의 자랑이다",
    ):
        plain = _types(f"고양시장은 이날 “{body}”고 말했다.")
        for left, right in (("『", "』"), ("「", "」")):
            assert _types(f"고양시장은 이날 {left}{body}{right}고 말했다.") == plain


def test_a_city_hall_written_apart_is_the_city() -> None:
    # 라이프치히 시청에서 reads as 라이프치히시청에서: the city (its hall), not a modifier.
    found = _types(
        "양구군수는 8일 라이프치히 시청에서 부르크하르트 융 시장을 만나 교류 방안을 논의했다."
    )
    assert {"visit", "meeting"} <= found[frozenset({"Yanggu County", "Leipzig"})]


def test_a_wish_for_a_tie_is_planned() -> None:
    """The desiderative -고 싶다 and hoping with 바라다 make a tie planned, said or quoted;
    -고 before another verb still ends the clause (맺고 교류를 이어왔다: in force)."""

    def status(text: str) -> set[str]:
        return {r.status.value for r in extract(text) if r.type.value == "sister_city"}

    assert status("고양시는 하이커우시와 자매결연을 맺고 싶다고 밝혔다.") == {"planned"}
    assert status('고양시장은 "하이커우시와 자매결연을 맺고 싶다"고 말했다.') == {"planned"}
    assert status("고양시는 하이커우시와 자매결연을 맺기를 바란다고 밝혔다.") == {"planned"}
    assert status("고양시는 하이커우시와 자매결연을 맺고 교류를 이어왔다.") == {"active"}


def _read(text: str) -> list[tuple[str, str, str | None]]:
    return sorted(
        (r.type.value, r.status.value, r.date) for r in extract(text, published="2024-11-15")
    )


def test_a_meeting_to_come_is_read_from_the_future_form_of_the_verb() -> None:
    # 만날 (the adnominal of what is to come) is a meeting word, as 만나 and 만났 are
    assert _read("부산시장은 후쿠오카시장과 12월 3일 만날 예정이다.") == [
        ("meeting", "planned", "2024-12-03")
    ]
    assert _read("부산시장은 후쿠오카시장을 만날 계획이다.") == [("meeting", "planned", None)]


def test_a_tie_dissolved_is_ended() -> None:
    assert _read("부산시는 후쿠오카시와의 자매결연을 해제했다.") == [("sister_city", "ended", None)]


def test_an_event_that_never_was_is_none_and_one_not_done_a_pause() -> None:
    # 적이 없다 and "never": nothing happened, so no relation (GUIDE.md: only what is stated)
    assert _read("부산시장은 후쿠오카시를 방문한 적이 없다.") == []
    assert _read("부산시장은 후쿠오카시장과 만난 적은 한 번도 없다.") == []
    assert _read("The mayors of Busan and Fukuoka have never met.") == []
    assert _read("Busan's mayor has never visited Fukuoka.") == []
    # a visit not made this time (-지 못했다, -지 않았다) is a pause, as in English
    assert _read("부산시는 코로나로 후쿠오카시를 방문하지 못했다.") == [
        ("visit", "suspended", "2024")
    ]
    # one that was made stays a visit
    assert _read("부산시장은 후쿠오카시를 방문한 적이 있다.")[0][:2] == ("visit", "active")


def _statuses(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in extract(text, published="2024-11-15"):
        out.setdefault(r.type.value, set()).add(r.status.value)
    return out


@pytest.mark.parametrize(
    ("text", "rtype"),
    [
        ("김해시장은 중국 우한시장과 화상회의를 갖고 경제 교류 확대에 합의했다.", "exchange"),
        ("천안시와 일본 가와사키시는 청소년 교류를 약속했다.", "exchange"),
        ("양산시장은 중국 난징시 부시장과 만나 관광 협력을 다짐했다.", "cooperation"),
        (
            "Daegu Mayor Hong met Qingdao Mayor Zhao, and the two agreed on closer cooperation.",
            "cooperation",
        ),
        ("Busan and Lyon pledged to expand youth exchanges.", "exchange"),
        ("Suwon and Hanoi promised cooperation in tourism.", "cooperation"),
        (
            "Busan signed a friendship pact with Lyon, the first step toward a sister-city tie.",
            "sister_city",
        ),
    ],
)
def test_what_is_agreed_promised_or_moved_toward_is_planned(text: str, rtype: str) -> None:
    # The relation as the object of an agreement, a promise or a pledge, or as the goal a
    # step leads toward, is a commitment to come; the meeting or the signing beside it
    # happened.
    found = _statuses(text)
    assert found[rtype] == {"planned"}, found
    assert found.get("meeting", {"active"}) == {"active"}
    assert found.get("friendship", {"active"}) == {"active"}


@pytest.mark.parametrize(
    ("text", "rtype"),
    [
        ("원주시는 울란바토르시에 공무원 2명을 보냈다.", "visit"),
        ("원주시는 울란바토르시에 공무원을 파견했다.", "visit"),
        ("원주시는 울란바토르시에 연수단 10명을 파견했다.", "exchange"),
        ("원주시는 청소년 20명을 울란바토르시에 보낼 예정이다.", "exchange"),
        ("원주시는 울란바토르시에 의료진을 급파했다.", "aid"),
        ("지진 피해를 입은 울란바토르시에 원주시는 직원 5명을 보냈다.", "aid"),
        ("Wonju sent two officials to Ulaanbaatar.", "visit"),
        ("Wonju dispatched a team of doctors to Ulaanbaatar.", "aid"),
        ("Wonju will send 20 students to Ulaanbaatar next year.", "exchange"),
        ("Wonju sent its choir to Ulaanbaatar.", "exchange"),
        ("After the earthquake, Wonju sent ten city employees to Ulaanbaatar.", "aid"),
    ],
)
def test_people_sent_to_a_city_go_for_a_visit_an_exchange_or_aid(text: str, rtype: str) -> None:
    # Whoever is sent, by a group noun, a counter of people or a plural, the type is what
    # they go for: carers and rescuers (or anyone after a disaster) aid, students and
    # artists an exchange, officials a visit.
    found = _types(text)
    assert found.get(frozenset({"Wonju", "Ulaanbaatar"})) == {rtype}, found


def test_words_and_goods_sent_are_not_people() -> None:
    assert _types("원주시는 울란바토르시에 축하 서한을 보냈다.") == {}
    assert _types("Wonju sent a letter to Ulaanbaatar.") == {}


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("김천시 학생 20명이 지난 10일 일본 오부시를 방문했다.", {"visit", "exchange"}),
        ("일본 오부시 청소년 방문단 15명이 김천시를 찾았다.", {"visit", "exchange"}),
        ("김천시 유소년 축구단은 일본 오부시를 방문해 친선경기를 가졌다.", {"visit", "exchange"}),
        ("김천시 공무원 연수단이 일본 오부시를 방문했다.", {"visit"}),
        ("김천시장은 학생들과 함께 일본 오부시를 방문했다.", {"visit"}),
        ("김천시는 일본 오부시를 방문했다.", {"visit"}),
    ],
)
def test_students_or_athletes_visiting_are_an_exchange_besides(text: str, types: set[str]) -> None:
    # The subject of a verb of visiting names who visits: students, youth, athletes make
    # the visit an exchange too (GUIDE.md); officials, or a city, only a visit.
    assert _types(text).get(frozenset({"Gimcheon", "Ōbu"})) == types


def test_a_us_state_is_a_party_unless_it_places_a_city() -> None:
    assert _types(
        "Governor Kim of South Chungcheong Province met Governor Healey of Massachusetts."
    ) == {frozenset({"South Chungcheong Province", "Massachusetts"}): {"meeting"}}
    assert _types("Gyeonggi Province and Massachusetts signed a friendship agreement.") == {
        frozenset({"Gyeonggi Province", "Massachusetts"}): {"friendship"}
    }
    # after a comma, "in" or before "city": where the city lies, not a party
    for text in (
        "Goyang signed a friendship agreement with Lowell, Massachusetts.",
        "Goyang signed a friendship agreement with Lowell in Massachusetts.",
        "Goyang signed a friendship agreement with the Massachusetts city of Lowell.",
    ):
        assert _types(text) == {frozenset({"Goyang", "Lowell"}): {"friendship"}}, text


def test_a_tie_with_an_age_stands_whatever_is_planned_to_mark_it() -> None:
    found = _statuses(
        "Delegates from Gumi will travel to Evansville next month to mark 25 years of "
        "sister-city ties."
    )
    assert found == {"visit": {"planned"}, "sister_city": {"active"}}
    # a tie to be signed is planned
    assert _statuses("Goyang and Yiwu will sign a sister city agreement next year.") == {
        "sister_city": {"planned"}
    }


@pytest.mark.parametrize(
    "text",
    [
        "유정복 인천시장은 이날 중국 톈진시를 방문해 천민얼 당서기와 면담했다.",
        "유정복 인천시장은 이날 천민얼 톈진시 당서기와 면담했다.",
        "Incheon Mayor Yoo Jeong-bok met Tianjin Party Secretary Chen Min'er on Monday.",
        "Incheon Mayor Yoo Jeong-bok met Chen Min'er, Tianjin's party secretary, on Monday.",
    ],
)
def test_a_party_secretary_is_an_official_of_the_city(text: str) -> None:
    # a city's party secretary (당서기) meets for the city as its mayor does
    assert "meeting" in _types(text).get(frozenset({"Incheon", "Tianjin"}), set())


@pytest.mark.parametrize(
    "text",
    [
        "고양시와 이우시는 경제 협력 방안을 논의했다.",
        "경기 고양시와 중국 이우시는 지난 5일 화상으로 교류 확대 방안을 협의했다.",
        "Goyang Mayor Lee Dong-hwan and Yiwu Mayor Wang Jian discussed trade on Monday.",
        "Goyang Mayor Lee Dong-hwan discussed trade with Yiwu Mayor Wang Jian on Monday.",
        "Goyang Mayor Lee Dong-hwan and Yiwu Mayor Wang Jian signed the agreement on Monday.",
    ],
)
def test_two_cities_or_their_officials_discussing_or_signing_together_met(text: str) -> None:
    assert "meeting" in _types(text).get(frozenset({"Goyang", "Yiwu"}), set())


def test_a_discussion_to_come_is_no_meeting_and_one_word_one_cooperation() -> None:
    assert _statuses("고양시와 이우시는 교류 확대 방안을 논의할 예정이다.") == {
        "cooperation": {"planned"}
    }
    # 교류 방안을 협의했다: the cities met; the cooperation they talked of is one relation
    found = [
        (r.type.value, r.status.value)
        for r in extract("고양시와 이우시는 교류 방안을 협의했다.", published="2024-11-15")
    ]
    assert sorted(found) == [("cooperation", "planned"), ("meeting", "active")]


@pytest.mark.parametrize(
    "text",
    [
        "Changwon pulled out of its sister city agreement with Hiroshima last year.",
        "Changwon withdrew from its sister city agreement with Hiroshima in 2014.",
        "Changwon abandoned its sister-city ties with Hiroshima.",
    ],
)
def test_leaving_a_tie_ends_it(text: str) -> None:
    assert _statuses(text) == {"sister_city": {"ended"}}


def test_a_name_that_begins_a_common_word_is_not_that_place() -> None:
    # 지난주 (last week) begins with 지난 (Jinan) and ends in a province's suffix; Kiwi's
    # dictionary knows the whole word, so it names no place
    found = _types("타코마시는 지난주 기타큐슈시 대표단을 맞았다.")
    assert set(found) == {frozenset({"Tacoma", "Kitakyushu"})}
    # the same name with a city's suffix is still the city
    assert frozenset({"Jinan", "Goyang"}) in _types("지난시 대표단이 고양시를 방문했다.")


@pytest.mark.parametrize(
    "text",
    [
        "포항시와 일본 후쿠야마시는 친선 골프대회를 열었다.",
        "포항시와 후쿠야마시 공무원들이 친선 야구 경기를 펼쳤다.",
    ],
)
def test_a_friendly_match_with_its_sport_between_is_an_exchange(text: str) -> None:
    assert _types(text)[frozenset({"Pohang", "Fukuyama"})] == {"exchange"}


def test_friendship_as_an_object_heads_no_match() -> None:
    # 친선을 다지는 경기: 친선 is the object of a verb, not the head of a match's name
    assert _types("포항시와 후쿠야마시는 친선을 다지는 경기를 열었다.") == {}


def test_a_wire_datelines_date_dates_no_event() -> None:
    text = "DAEJEON, Nov. 12 (Yonhap) -- A delegation from Seattle arrived in Daejeon on Monday."
    dates = {r.type.value: r.date for r in extract(text, published="2024-11-15")}
    assert dates["visit"] == "2024-11-11"  # Monday, not the dateline's 12 November


@pytest.mark.parametrize(
    "text",
    [
        "고양시와 이우시는 아직 자매결연을 맺지 않았다.",
        "고양시와 이우시는 자매도시가 아니다.",
        "고양시와 이우시는 자매결연을 맺은 적이 없다.",
        "고양시는 이우시와 우호협력 협약을 체결하지 못했다.",
        "Goyang and Yiwu are not sister cities.",
        "Goyang and Yiwu have not signed a sister-city agreement.",
        "Goyang decided not to twin with Yiwu.",
    ],
)
def test_a_denied_tie_is_no_relation(text: str) -> None:
    assert _types(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("고양시와 이우시는 더 이상 자매도시가 아니다.", {"sister_city": {"ended"}}),
        ("Goyang and Yiwu are no longer sister cities.", {"sister_city": {"ended"}}),
        (
            "고양시와 이우시는 아직 자매결연을 맺지 않았지만 내년 체결을 추진하고 있다.",
            {"sister_city": {"planned"}},
        ),
        (
            "Goyang and Yiwu haven't yet signed a sister-city agreement, but plan to next year.",
            {"sister_city": {"planned"}},
        ),
        # a double negative affirms: the cooperation is not denied
        ("고양시와 이우시는 교류협력의지를 의심하지 않을 수 없다.", {"cooperation": {"active"}}),
        # "not only" denies nothing
        (
            "Goyang and Yiwu are not only sister cities but also trade partners.",
            {"sister_city": {"active"}, "cooperation": {"active"}},
        ),
    ],
)
def test_what_a_negation_leaves_of_a_tie(text: str, expected: dict[str, set[str]]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # only a tie ends: a visit whose programme ended took place
        ("고양시 대표단은 이우시 방문 일정을 종료하고 귀국했다.", {"visit": {"active"}}),
        # exchanges cut off are paused
        ("부천시와 일본 오카야마시는 2019년 이후 교류가 끊긴 상태다.", {"exchange": {"suspended"}}),
        ("Exchanges between Goyang and Yiwu ended in 2019.", {"exchange": {"suspended"}}),
        ("The visit of the Goyang delegation to Yiwu ended on Friday.", {"visit": {"active"}}),
        # the partner named as a sister city in the sentence that ends the tie
        ("김천시는 자매도시 미국 스포캔시와의 결연을 해지했다.", {"sister_city": {"ended"}}),
    ],
)
def test_what_ends_and_what_only_pauses(text: str, expected: dict[str, set[str]]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "고양시는 이우시와의 자매결연이 성사되면 교류를 확대할 계획이다.",
        "고양시와 이우시가 자매결연을 맺었으면 한다.",
    ],
)
def test_a_tie_under_a_condition_or_a_wish_is_planned(text: str) -> None:
    assert _statuses(text)["sister_city"] == {"planned"}


def test_a_tie_apposition_keeps_its_since_date_to_itself() -> None:
    text = (
        "Jeonju and Kanazawa, sister cities since 2002, celebrated the opening of a joint "
        "exhibition."
    )
    dates = {r.type.value: r.date for r in extract(text, published="2024-11-15")}
    assert dates["sister_city"] == "2002"
    assert dates["exchange"] != "2002"


def test_a_common_noun_after_a_title_is_no_officials_name() -> None:
    # 부시장 일행: the deputy mayor's party, not a person named 일행; 가오진 is a name
    party = extract(
        "진주시장은 12일 중국 시안시 부시장 일행을 맞아 환담했다.", published="2024-11-15"
    )
    assert party and all(not r.officials for r in party)
    named = extract("고양시장은 이우시 부시장 가오진과 만났다.", published="2024-11-15")
    assert {o.name for r in named for o in r.officials} == {"가오진"}


def test_an_officials_party_after_the_name_is_met() -> None:
    # 시장 왕젠 일행과 만났다: the party of a named official is the city's, not people of none
    found = _types("고양시장은 이우시 시장 왕젠 일행과 만났다.")
    assert "meeting" in found[frozenset({"Goyang", "Yiwu"})]
