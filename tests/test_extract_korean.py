"""Korean extraction mechanisms: the grammar of quotations, officials, clauses.

Each sentence here was written for these tests (none is taken from a news text); each
holds one mechanism.
"""

from __future__ import annotations

from kg.extract import extract


def _found(text: str) -> dict[frozenset[str], set[tuple[str, str]]]:
    out: dict[frozenset[str], set[tuple[str, str]]] = {}
    for r in extract(text):
        out.setdefault(frozenset(c.name for c in r.cities), set()).add(
            (r.type.value, r.status.value)
        )
    return out


def test_a_quotation_spoken_by_a_coordinated_subject_is_theirs() -> None:
    # The reporting clause's subject is two cities (A와 B는 "…"고 밝혔다): the quotation
    # names neither, and its tie is theirs.
    found = _found('안산시와 중국 웨이하이시는 "내년 봄 자매결연을 맺기로 합의했다"고 밝혔다.')
    assert found[frozenset({"Ansan", "Weihai"})] == {("sister_city", "planned")}


def test_a_quotation_spoken_with_another_city_states_its_events() -> None:
    # The speaker acts with another city's official (B시장과 회견을 갖고): the two report
    # their own doings, an event too (a lone speaker's quotation states ties only).
    joint = _found(
        "김철수 안산시장은 이날 일본 나가노시장과 공동 회견을 갖고 "
        '"두 도시의 청소년 교류를 내년부터 늘리기로 했다"고 밝혔다.'
    )
    assert ("exchange", "planned") in joint[frozenset({"Ansan", "Nagano"})]
    alone = _found('김철수 안산시장은 "나가노시와의 청소년 교류를 늘리겠다"고 말했다.')
    assert not alone


def _dates(text: str, published: str) -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {}
    for r in extract(text, published=published):
        out.setdefault(r.type.value, set()).add(r.date)
    return out


def test_that_day_with_no_day_named_before_is_the_report_s_day() -> None:
    # 이날 takes the last day the text named; a text that has named none reports that day.
    found = _dates(
        "서울시는 오세훈 시장이 이날 서울시청에서 몽골 울란바타르 시장을 접견했다고 밝혔다.",
        "2024-05-12",
    )
    assert found["meeting"] == {"2024-05-12"}
    named = _dates(
        "서울시는 지난 9일 울란바타르시 대표단을 맞았다. 오세훈 시장은 이날 울란바타르 시장을 "
        "접견했다.",
        "2024-05-12",
    )
    assert named["meeting"] == {"2024-05-09"}


def test_a_day_at_the_start_of_a_line_dates_that_line_s_sentence() -> None:
    found = _dates(
        "안산시, 중국 웨이하이시와 교류\n\n21일, 김철수 안산시장은 웨이하이 시장을 접견했다.",
        "2024-05-23",
    )
    assert found["meeting"] == {"2024-05-21"}


def test_a_sentence_broken_over_lines_is_read_whole() -> None:
    # A broadcast's script breaks its lines inside a sentence: a line that ends on a
    # particle or a connective ending goes on on the next one.
    script = "안산시와 수원시가\n내년부터 공무원 교류근무를\n하기로 했습니다.\n"
    assert ("exchange", "planned") in _found(script)[frozenset({"Ansan", "Suwon"})]
    # A headline on a line of its own (a noun at its end) stays a sentence of its own.
    apart = "안산시 새 청사 준공\n수원시는 내년에 청사를 옮긴다.\n"
    assert not _found(apart)


def _officials(text: str) -> set[tuple[str, str]]:
    return {
        (o.name, o.city.name if o.city else "")
        for r in extract(text, published="2024-05-20")
        for o in r.officials
    }


def test_a_foreign_name_of_several_words_before_a_city_and_its_title() -> None:
    # Name Name City Title: the whole name heads the city named before the title, a last
    # word of one syllable too; named again by one of its words, it is that official still.
    found = _officials(
        "김철수 안산시장은 12일 스페인 세비야를 방문해 호세 루이스 산즈 세비야 시장을 "
        "만났다. 산즈 시장은 안산시와의 교류를 환영했다."
    )
    assert ("호세 루이스 산즈", "Seville") in found
    assert ("산즈", "Seville") in found and ("산즈", "Ansan") not in found
    short = _officials(
        "김철수 안산시장은 12일 독일 라이프치히를 방문해 부르크하르트 융 라이프치히 시장과 만났다."
    )
    assert ("부르크하르트 융", "Leipzig") in short


def test_the_day_before_is_the_day_before_the_one_that_day_names() -> None:
    # 전날 (the day before) counts back from the day 이날 would name: the last day the text
    # named, else the day of the report.
    found = _dates(
        "안산시는 일본 나가노시와 자매결연을 맺었다고 밝혔다. 전날 열린 협약식에는 김철수 "
        "안산시장과 나가노 시장이 참석했다.",
        "2024-05-20",
    )
    assert "2024-05-19" in found["meeting"]
    named = _dates(
        "안산시 대표단은 지난 9일 나가노시에 도착했다. 전날 김철수 안산시장은 나가노 시장을 "
        "만났다.",
        "2024-05-20",
    )
    assert named["meeting"] == {"2024-05-08"}


def test_an_officials_name_before_the_qualifier_of_their_city() -> None:
    # The name stands before the province or country that qualifies the city (이재준 경기
    # 수원시장; 제임스 브라운(James Brown) 미국 시애틀 시장, its gloss in Latin letters):
    # the official is the city's, and their signing with another city's official met.
    rels = extract(
        "이재준 경기 수원시장은 15일 미국 시애틀을 찾아 브루스 해럴 시애틀 시장과 "
        "우호교류 의향서를 교환했다."
    )
    officials = {(o.name, o.city.name if o.city else None) for r in rels for o in r.officials}
    assert ("이재준", "Suwon") in officials
    assert "meeting" in {r.type.value for r in rels}
    glossed = extract(
        "제임스 브라운(James Brown) 미국 시애틀 시장이 수원시를 방문했다. "
        "브라운 시장은 수원시청에서 수원시 관계자와 면담을 했다."
    )
    assert ("meeting", "active") in {(r.type.value, r.status.value) for r in glossed}
    assert ("제임스 브라운", "Seattle") in {
        (o.name, o.city.name if o.city else None) for r in glossed for o in r.officials
    }


def test_officials_of_two_cities_meeting_is_theirs_alone() -> None:
    # Two cities' officials hold a press conference together: those two cities met; the
    # other cities of the mayor's tour, visited, did not meet anyone by it.
    found = _found(
        "천영기 통영시장은 교토·나라·오사카를 순방 중인 3일 기무라 나라시장과 "
        "공동 기자회견을 가졌다."
    )
    assert ("meeting", "active") in found[frozenset({"Tongyeong", "Nara"})]
    assert not any(t == "meeting" for t, _ in found.get(frozenset({"Tongyeong", "Kyoto"}), ()))
    assert not any(t == "meeting" for t, _ in found.get(frozenset({"Tongyeong", "Osaka"}), ()))


def test_a_states_head_visiting_is_no_citys_visit() -> None:
    # 방한 in the relative clause before a state's head (방한 중인 베트남 국가주석): the
    # visitor is the state's; the county that met them visited no city by it.
    found = _found(
        "봉화군은 베트남 뜨선시와 우호협력 협약을 맺었다고 5일 밝혔다. "
        "박철민 경북 봉화군수는 국빈 방한 중인 베트남 국가주석을 만나 마을 조성을 건의했다."
    )
    assert ("friendship", "active") in found[frozenset({"Bonghwa County", "Từ Sơn"})]
    assert not any(t == "visit" for pair in found.values() for t, _ in pair)


def test_exchanges_said_not_to_happen_are_suspended_not_active() -> None:
    # The cue as the subject of a negated existence: no exchanges are held, a pause.
    found = _found(
        "강원 삼척시와 일본 이즈모시는 자매결연을 맺었지만 최근 5년간 교류가 전혀 없었다."
    )
    assert found[frozenset({"Samcheok", "Izumo"})] == {
        ("sister_city", "active"),
        ("exchange", "suspended"),
    }
    record = _found("부산 해운대구와 일본 벳푸시는 최근 10년간 교류 실적이 없다.")
    assert ("exchange", "suspended") in record[frozenset({"Haeundae-gu", "Beppu"})]
    # A negation that is not the exchanges' own (so that nothing hinders them) leaves them.
    held = _found(
        "경북 안동시는 중국 시안시와 교류 행사를 열고 교류에 차질이 없도록 협력하기로 했다."
    )
    assert ("exchange", "active") in held[frozenset({"Andong", "Xi'an"})]


def test_attending_a_partner_citys_own_event_is_a_visit() -> None:
    # "X시의 축제에 참석": to attend a city's own event is to go there; "교차 참석", each
    # side at the other's. A city's event only spoken of is no visit.
    attend = _found("홍길동 김해시장이 다음 달 자매도시인 일본 나가사키시의 축제에 참석한다.")
    assert any(t == "visit" for t, _ in attend[frozenset({"Gimhae", "Nagasaki"})])
    cross = _found(
        "2016년부터 순천 개청 기념식과 여수 시민의 날 행사에 순천시장과 여수시장이 교차 참석했다."
    )
    assert ("visit", "active") in cross[frozenset({"Suncheon", "Yeosu"})]
    told = _found("김해시는 자매도시인 일본 나가사키시의 축제 소식을 누리집에 소개했다.")
    assert not any(t == "visit" for pair in told.values() for t, _ in pair)


def test_three_cities_as_one_coordinated_subject_act_together() -> None:
    # A coordinated subject of three or more cities: one act of all of them.
    for text in (
        "울산시와 부산시, 경남도는 초광역 협력을 위한 공동 협약을 체결했다.",
        "울산시·부산시·경남도는 공동 협약을 체결했다.",
    ):
        found = _found(text)
        assert found == {
            frozenset({"Ulsan", "Busan", "South Gyeongsang Province"}): {("cooperation", "active")}
        }, text
    # The subject with its partners as objects: the subject's tie with each.
    hub = _found("고양시는 중국 이우시, 쿤밍시와 우호교류를 이어가고 있다.")
    assert set(hub) == {frozenset({"Goyang", "Yiwu"}), frozenset({"Goyang", "Kunming"})}
    # Attending together ties none of them.
    assert not _found("울산시와 부산시, 경남도는 회의에 참석했다.")


def test_support_after_a_disaster_is_aid() -> None:
    # 지원 as a noun (지원 인력, 지원단) is aid when the segment speaks of a disaster or
    # its aftermath (폭설, 제설, 폭우, 수해, 산불 ...), not when it speaks of culture.
    snow = _found("안양시는 자매도시인 강원 인제군으로 제설 지원 인력 30명을 보냈다.")
    assert ("aid", "active") in snow[frozenset({"Anyang", "Inje County"})]
    rain = _found("여수시는 폭우에 잠긴 자매도시 충북 제천시로 양수기 지원단을 보냈다.")
    assert ("aid", "active") in rain[frozenset({"Yeosu", "Jecheon"})]
    culture = _found("안양시는 자매도시인 강원 인제군으로 문화 지원 인력 30명을 보냈다.")
    assert not any(t == "aid" for t, _ in culture[frozenset({"Anyang", "Inje County"})])


def test_an_exchange_programme_agreed_on_is_an_exchange_and_a_cooperation() -> None:
    # The compound's head names a programme (교류사업): what an agreement is about is
    # still an exchange; a bare topic of talks (문화 교류에 대해) is a cooperation only.
    programme = _found("수원시와 일본 나고야시는 내년도 교류사업에 대한 합의서에 서명했다.")
    types = {t for t, _ in programme[frozenset({"Suwon", "Nagoya"})]}
    assert {"exchange", "cooperation"} <= types
    topic = _found("수원시와 일본 나고야시는 문화 교류에 대해 의견을 나눴다.")
    assert {t for t, _ in topic[frozenset({"Suwon", "Nagoya"})]} == {"cooperation"}


def test_cities_in_a_partner_slot_are_someone_elses_partners_not_each_others() -> None:
    # 자매도시인 A와 B: each is the partner of the host (the event's city), not of the other.
    for text in (
        "세종시 조치원읍에서 열린 복숭아 축제에 자매도시인 충남 공주시와 대전 유성구 "
        "관계자들이 참석했다.",
        "세종시 복숭아 축제에는 자매도시인 공주시와 유성구 관계자들이 참석했다.",
    ):
        found = _found(text)
        assert frozenset({"Gongju", "Yuseong-gu"}) not in found, text
        assert ("sister_city", "active") in found[frozenset({"Sejong", "Gongju"})], text
        assert ("sister_city", "active") in found[frozenset({"Sejong", "Yuseong-gu"})], text
    # With nobody else to be theirs, the list ties none of them.
    assert not _found("자매도시인 공주시와 유성구는 협약을 맺었다.")


def test_consulting_on_a_relation_is_a_cooperation_sought() -> None:
    # 협의 with a relation word as its object (교류 확대를 협의, 교류에 대한 상호협의):
    # the cities talked of a tie they seek: cooperation, planned. 협의 of anything else
    # (예산 일정을 협의) is a meeting only.
    found = _found("창원시 대표단은 다음 주 일본 히메지시를 찾아 청소년 교류 확대를 협의한다.")
    assert ("cooperation", "planned") in found[frozenset({"Changwon", "Himeji"})]
    talks = _found("창원시와 일본 히메지시는 지난 3일 문화교류에 대한 상호협의를 진행했다.")
    assert ("cooperation", "planned") in talks[frozenset({"Changwon", "Himeji"})]
    assert ("cooperation", "active") not in talks[frozenset({"Changwon", "Himeji"})]
    other = _found("창원시와 일본 히메지시는 지난 3일 시청에서 예산 일정을 협의했다.")
    assert {t for t, _ in other[frozenset({"Changwon", "Himeji"})]} == {"meeting"}


def test_a_tie_noun_before_the_partner_it_names_is_in_force_not_planned() -> None:
    # 자매도시 X와의 교류를 위해 … 파견한다: the tie is X's slot; what is to come is the exchange.
    found = _found("원주시는 자매도시 로어노크시와의 교류를 위해 공무원 2명을 1년간 파견한다.")
    assert found[frozenset({"Wonju", "Roanoke"})] == {
        ("sister_city", "active"),
        ("exchange", "planned"),
    }
    # A tie being made stays planned.
    made = _found("원주시는 미국 로어노크시와 자매도시 결연을 추진한다.")
    assert made[frozenset({"Wonju", "Roanoke"})] == {("sister_city", "planned")}


def test_a_joint_subject_acting_on_a_third_city_is_each_its_party() -> None:
    # A와 B는 C를 방문했다, A와 B가 C에 …을 전달했다: the cities joined by 와/과 as the
    # subject each act on the city in the object, dative or comitative; not on each other.
    for text in (
        "순천시와 광양시는 지난달 자매도시인 여수시를 방문했다.",
        "순천시와 광양시가 어제 여수시에 수해 성금을 전달했다.",
    ):
        found = _found(text)
        assert frozenset({"Suncheon", "Gwangyang"}) not in found, text
        assert frozenset({"Suncheon", "Yeosu"}) in found, text
        assert frozenset({"Gwangyang", "Yeosu"}) in found, text
    visited = _found("순천시와 광양시는 지난달 자매도시인 여수시를 방문했다.")
    assert visited[frozenset({"Gwangyang", "Yeosu"})] == {
        ("sister_city", "active"),
        ("visit", "active"),
    }


def test_the_last_item_before_a_glued_copula_is_a_city() -> None:
    # 히로시마다, 칭다오시였다, 타이난시입니다: the copula glued to a name without 이 (Kiwi
    # reads it as the copula) is no part of the name; the list's last item counts.
    listed = _found("대구시의 자매도시는 미국 애틀랜타, 중국 칭다오, 일본 히로시마다.")
    assert frozenset({"Daegu", "Hiroshima"}) in listed
    assert frozenset({"Daegu", "Atlanta"}) in listed
    assert _found("대구시의 우호도시는 중국 칭다오시였다.") == {
        frozenset({"Daegu", "Qingdao"}): {("friendship", "active")}
    }
    assert frozenset({"Gwangju", "Tainan"}) in _found("광주시의 자매도시는 대만 타이난시입니다.")


def test_a_resumption_decided_or_announced_is_planned() -> None:
    # 재개하기로 합의했다, 재개된다: the resumption is to come (planned); 재개했다 is done.
    pair = frozenset({"Gimhae", "Ulsan"})
    for text in (
        "김해시와 울산시는 멈췄던 문화 교류를 재개하기로 합의했다.",
        "김해시와 울산시의 문화 교류는 오는 가을 재개된다.",
    ):
        assert _found(text)[pair] == {("exchange", "planned")}, text
    done = _found("김해시와 울산시는 지난봄 문화 교류를 재개했다.")
    assert done[pair] == {("exchange", "active")}


def test_a_meeting_with_people_of_no_city_is_no_city_meeting() -> None:
    # The comitative before the meeting cue is business people, students, residents of no
    # city named (한국 기업인들과 간담회): the trip is a visit, the meeting no city's.
    pair = frozenset({"Gimhae", "Osaka"})
    for text in (
        "박영수 김해시장은 지난 5일 일본 오사카를 방문해 현지 한인 기업인들과 간담회를 가졌다.",
        "박영수 김해시장은 지난 5일 일본 오사카를 방문해 유학생들과의 오찬 간담회를 열었다.",
    ):
        assert _found(text)[pair] == {("visit", "active")}, text
    # The city's officials, or its head, are its side.
    for text in (
        "박영수 김해시장은 지난 5일 일본 오사카를 방문해 오사카시 관계자들과 간담회를 가졌다.",
        "박영수 김해시장은 지난 5일 일본 오사카를 방문해 다나카 부시장과 간담회를 가졌다.",
    ):
        assert ("meeting", "active") in _found(text)[pair], text


def test_a_joint_subjects_own_clause_is_theirs_the_next_toward_the_third_city() -> None:
    # A와 B는 자매결연을 맺고 C를 방문했다: the first clause is A's with B; the visit of
    # the next clause is each one's to C, not A's to B.
    found = _found("순천시와 광양시는 지난달 자매결연을 맺고 여수시를 방문했다.")
    assert found[frozenset({"Suncheon", "Gwangyang"})] == {("sister_city", "active")}
    assert found[frozenset({"Suncheon", "Yeosu"})] == {("visit", "active")}
    assert found[frozenset({"Gwangyang", "Yeosu"})] == {("visit", "active")}


def test_a_city_handing_something_toward_the_subject_is_a_party_not_a_venue() -> None:
    # X에서 with a verb of giving and the auxiliary 오다 of direction (보내왔다, 전달해 왔다):
    # X is where the gift comes from, a party, not the venue; another verb with 오다 (열어
    # 왔다: has been holding) and a relative clause (X에서 모은) leave X a venue.
    sent = _found("제천시는 일본 나가노시에서 이웃돕기 성금 50만엔을 보내왔다고 밝혔다.")
    assert ("aid", "active") in sent[frozenset({"Jecheon", "Nagano"})]
    handed = _found("제천시는 자매도시인 일본 나가노시에서 구호물품을 전달해 왔다고 밝혔다.")
    assert {("aid", "active"), ("sister_city", "active")} <= handed[
        frozenset({"Jecheon", "Nagano"})
    ]
    assert not _found("제천시는 일본 나가노시에서 문화행사를 열어 왔다고 밝혔다.")
    assert not _found("제천시는 일본 나가노시에서 모은 성금을 기탁해 왔다.")


def _new_partners(text: str) -> set[tuple[str, str]]:
    return {
        (c.name_ko or "", c.country or "")
        for r in extract(text)
        for c in r.cities
        if c.key.startswith("new:")
    }


def test_a_foreign_name_kiwi_splits_into_common_nouns_before_its_suffix_is_a_city() -> None:
    # Kiwi reads 부장시 as 부장/NNG 시/NNG (부장 is a word): after a country, in a partner's
    # slot or with a city's particle, the name glued to its suffix is still a city.
    assert _new_partners(
        "충주시는 자매도시인 중국 부장시와 화상회의를 열고 교류 방안을 논의했다."
    ) == {("부장시", "CN")}
    assert _new_partners("충주시는 중국 과장시와 교류 협력 방안을 논의했다.") == {("과장시", "CN")}
    # An action noun's 시 (時, when) after a country is a time, not a city.
    assert not _found("충주시 대표단은 중국 방문시에 교류 협력 방안을 논의했다.")


def test_a_partner_named_as_such_is_a_party_whatever_else_it_is() -> None:
    # 자매도시인 (일본) X에서, 자매결연을 맺은 X에서: the tie names X a partner, venue or
    # not; attending an event held there is a visit to it.
    held = _found("김해시는 자매도시인 일본 무나카타시에서 열린 축제에 참석했다.")
    assert {("sister_city", "active"), ("visit", "active")} <= held[
        frozenset({"Gimhae", "Munakata"})
    ]
    tied = _found("김해시는 자매결연을 맺은 일본 무나카타시에서 열린 행사에 참가했다.")
    assert ("sister_city", "active") in tied[frozenset({"Gimhae", "Munakata"})]
    # What is done there with a third city is not X's: X is its venue.
    three = _found("김해시는 자매도시인 일본 무나카타시에서 양산시와 업무협약을 체결했다.")
    assert three[frozenset({"Gimhae", "Munakata"})] == {("sister_city", "active")}
    assert three[frozenset({"Gimhae", "Yangsan"})] == {("cooperation", "active")}
    # A venue not named as a partner stays a venue.
    assert not _found("김해시장은 일본 무나카타시에서 열린 행사에 참석했다.")


def test_goods_counted_and_given_are_aid_without_an_aid_word() -> None:
    # The object of a verb of giving with a number and its counter (배추 5톤, 담요 300장,
    # 2만 달러) is aid whatever the goods are called; a number of people sent is not goods,
    # nor a date before the object.
    sent = _found("영천시는 자매도시인 일본 구마모토시에서 배추 5톤을 보내왔다고 밝혔다.")
    assert ("aid", "active") in sent[frozenset({"Yeongcheon", "Kumamoto"})]
    listed = _found("영천시는 구마모토시에 담요 300장과 생수 2000병을 전달했다.")
    assert ("aid", "active") in listed[frozenset({"Yeongcheon", "Kumamoto"})]
    money = _found("영천시는 구마모토시에 2만 달러를 보냈다.")
    assert ("aid", "active") in money[frozenset({"Yeongcheon", "Kumamoto"})]
    people = _found("영천시는 구마모토시에 공무원 3명을 보냈다.")
    assert ("aid", "active") not in people.get(frozenset({"Yeongcheon", "Kumamoto"}), set())
    assert not _found("영천시는 구마모토시에 지난해 3월 축하 서한을 보냈다.")


def test_a_sentence_naming_its_partner_speaks_of_it_not_of_all_partners() -> None:
    # 우호도시 결연 20주년 after a named partner is that tie's; the story city's other
    # partners, named later, take no share of its anniversary or its delegation
    text = (
        "창원시, 일본 오이타시와 우호도시 결연 20주년 기념행사 개최\n"
        "창원시는 지난 10일 자매도시인 일본 오이타시 대표단을 맞아 기념식을 열었다.\n"
        "한편 창원시는 중국 우한시, 미국 새너제이시와도 자매결연을 맺고 있다."
    )
    found = _found(text)
    assert found[frozenset({"Wuhan", "Changwon"})] == {("sister_city", "active")}
    assert found[frozenset({"San Jose", "Changwon"})] == {("sister_city", "active")}
    assert ("exchange", "active") in found[frozenset({"Changwon", "Oita"})]
    # a group word with a named member (X시 등 6개 자매도시에) is still the group
    group = _found(
        "제천시는 자매도시인 오이타시와 우한시를 두고 있다.\n"
        "제천시는 오이타시 등 2개 자매도시에 마스크 1만 장을 지원한다고 밝혔다."
    )
    assert ("aid", "planned") in group[frozenset({"Jecheon", "Wuhan"})]


def test_the_two_mayors_take_up_the_two_cities() -> None:
    # 양 시장, 두 시장 stand for the cities the text was speaking of, as 양 도시 does
    found = _found(
        "이날 행사에는 홍남표 창원시장과 사토 오이타시장 등 양 도시 관계자가 참석했다. "
        "양 시장은 환담을 갖고 교류를 확대하기로 뜻을 모았다."
    )
    assert ("meeting", "active") in found[frozenset({"Changwon", "Oita"})]


def test_a_meeting_where_a_plan_is_discussed_is_a_meeting() -> None:
    # 면담에서 협력 방안을 논의: the meeting is the setting of the talk, not its topic
    found = _found("창원시장과 오이타시장은 면담에서 협력 방안을 논의했다.")
    assert found[frozenset({"Changwon", "Oita"})] == {
        ("meeting", "active"),
        ("cooperation", "active"),
    }


def test_cues_joined_under_one_predicate_share_its_status() -> None:
    found = _found("창원시장과 오이타시장은 청소년 교류와 관광 협력을 확대하기로 했다.")
    assert found[frozenset({"Changwon", "Oita"})] == {
        ("exchange", "planned"),
        ("cooperation", "planned"),
    }
    stopped = _found("창원시와 오이타시는 교류와 협력을 중단했다.")
    assert stopped[frozenset({"Changwon", "Oita"})] == {
        ("exchange", "suspended"),
        ("cooperation", "suspended"),
    }


def test_cities_acting_with_the_subject_are_one_party_with_it() -> None:
    # A와 B는 C와 함께 (A는 B, C와 함께) holding one event: one act of the three, not
    # pairs of the first; toward a fourth city, each of them acts on it.
    held = _found("김천시와 구미시는 상주시와 함께 문화축제를 열었다.")
    assert held == {frozenset({"Gimcheon", "Gumi", "Sangju"}): {("exchange", "active")}}
    signed = _found("김천시는 구미시, 상주시와 함께 공동 협약을 체결했다.")
    assert signed == {frozenset({"Gimcheon", "Gumi", "Sangju"}): {("cooperation", "active")}}
    visited = _found("김천시는 구미시와 함께 일본 구마모토시를 방문했다.")
    assert visited == {
        frozenset({"Gimcheon", "Kumamoto"}): {("visit", "active")},
        frozenset({"Gumi", "Kumamoto"}): {("visit", "active")},
    }
    # Attending together is still no tie among them.
    assert not _found("김천시와 구미시는 상주시와 함께 박람회에 참가했다.")


def test_a_meeting_verb_before_a_plan_is_still_a_meeting() -> None:
    # 만나 (a verb) before "교류 방안을 논의": the 방안 is the topic of the talk, not of
    # the meeting; the officials met, and talked of cooperation.
    found = _found("영주시장은 일본 구마모토시장과 만나 관광 교류 방안을 논의했다.")
    assert {("meeting", "active"), ("cooperation", "active")} <= found[
        frozenset({"Yeongju", "Kumamoto"})
    ]


def test_gapped_clauses_sharing_one_verb_keep_their_own_ties() -> None:
    # "A와 T1을, B와 T2를 체결했다": each object's clause ends at its comma, so each tie
    # is that of the partner named in it.
    found = _found("영주시는 일본 구마모토시와 자매결연을, 중국 난징시와 우호도시 협약을 맺었다.")
    assert found[frozenset({"Yeongju", "Kumamoto"})] == {("sister_city", "active")}
    assert found[frozenset({"Yeongju", "Nanjing"})] == {("friendship", "active")}


def test_a_joint_subject_acting_on_a_citys_people_acts_on_that_city() -> None:
    # "A와 B는 C시 대표단을 맞이했다", "C시 관계자들과 간담회": C's people stand for C,
    # acted on by each of the subject's cities, who are not each other's party.
    welcomed = _found("영주시와 안동시는 일본 구마모토시 대표단을 맞이했다.")
    assert set(welcomed) == {
        frozenset({"Yeongju", "Kumamoto"}),
        frozenset({"Andong", "Kumamoto"}),
    }
    talked = _found("영주시는 안동시와 함께 일본 구마모토시 관계자들과 간담회를 가졌다.")
    assert talked == {
        frozenset({"Yeongju", "Kumamoto"}): {("meeting", "active")},
        frozenset({"Andong", "Kumamoto"}): {("meeting", "active")},
    }


def test_a_visit_in_a_relative_clause_is_its_heads_to_its_object() -> None:
    # "A시장은 X를 방문 중인 B시장과 만났다": B visits X, A meets B; X is neither A's
    # visit nor A's meeting. With the host as the object (A시장은 A시를 방문 중인 B시
    # 대표단을 접견), the host meets its visitor.
    found = _found("영주시장은 일본 구마모토시를 방문 중인 안동시장과 만났다.")
    assert found == {
        frozenset({"Andong", "Kumamoto"}): {("visit", "active")},
        frozenset({"Yeongju", "Andong"}): {("meeting", "active")},
    }
    hosted = _found("영주시장은 영주시를 방문 중인 일본 구마모토시 대표단을 접견했다.")
    assert hosted == {
        frozenset({"Yeongju", "Kumamoto"}): {("visit", "active"), ("meeting", "active")}
    }


def test_each_topic_acts_with_the_cities_of_its_own_clause() -> None:
    # "A시는 X시와 …, B시는 Y시와 …": two topics, each with its own partner; B is not
    # the first topic's partner, nor Y.
    tied = _found(
        "영주시는 일본 구마모토시와 자매결연을 맺었고, 안동시는 중국 난징시와 우호협약을 체결했다."
    )
    assert tied == {
        frozenset({"Yeongju", "Kumamoto"}): {("sister_city", "active")},
        frozenset({"Andong", "Nanjing"}): {("friendship", "active")},
    }
    went = _found("영주시 대표단은 일본 구마모토시를, 안동시 대표단은 중국 난징시를 방문했다.")
    assert set(went) == {frozenset({"Yeongju", "Kumamoto"}), frozenset({"Andong", "Nanjing"})}


def test_a_city_or_its_people_invited_is_the_hosts_exchange() -> None:
    # GUIDE.md: a host that invited a partner: exchange. The city or its people (공무원 3명,
    # 청소년들) as the object of 초청/초대; a person of no city is none.
    staff = _found("영주시는 일본 구마모토시 공무원 3명을 초청해 연수를 실시했다.")
    assert staff == {frozenset({"Yeongju", "Kumamoto"}): {("exchange", "active")}}
    youth = _found("영주시는 일본 구마모토시 청소년들을 초대했다.")
    assert youth == {frozenset({"Yeongju", "Kumamoto"}): {("exchange", "active")}}
    assert not _found("영주시는 일본 구마모토 출신 작가를 초청했다.")
