"""English extraction: the grammar of English news about cities, on sentences written for kg.

None of these sentences is taken from a news text; each shows one mechanism of English
(a verb's form, what governs it, the scope of a word) and fails without it.
"""

from __future__ import annotations

from kg.extract import extract


def _statuses(text: str) -> dict[tuple[frozenset[str], str], set[str]]:
    out: dict[tuple[frozenset[str], str], set[str]] = {}
    for r in extract(text):
        key = (frozenset(c.name for c in r.cities), r.type.value)
        out.setdefault(key, set()).add(r.status.value)
    return out


def test_an_ending_decided_ends_the_tie_an_ending_sought_does_not() -> None:
    # A decision taken governs the infinitive: the tie ends with the decision.
    decided = _statuses("Kraków decided to terminate its sister city relationship with Kyiv.")
    assert decided[(frozenset({"Kraków", "Kyiv"}), "sister_city")] == {"ended"}
    voted = _statuses("Leipzig voted in March to dissolve its twinning with Houston.")
    assert voted[(frozenset({"Leipzig", "Houston"}), "sister_city")] == {"ended"}
    # Sought, threatened or still to be voted on, the tie stands.
    sought = _statuses("The mayor of Bristol is seeking to de-twin with Bordeaux.")
    assert sought[(frozenset({"Bristol", "Bordeaux"}), "sister_city")] == {"active"}
    to_vote = _statuses("Denver will vote to terminate its sister city ties with Kunming.")
    assert to_vote[(frozenset({"Denver", "Kunming"}), "sister_city")] == {"active"}


def _pairs(text: str) -> set[frozenset[str]]:
    return {frozenset(c.name for c in r.cities) for r in extract(text)}


def test_a_place_name_that_a_capitalised_noun_continues_is_a_landmark() -> None:
    text = "Delegates from Kobe will visit the Golden Gate Bridge with Seattle officials."
    assert all("Golden Gate" not in pair for pair in _pairs(text))
    assert frozenset({"Kobe", "Seattle"}) in _pairs(text)


def test_what_is_discussed_proposed_or_hoped_for_is_planned() -> None:
    discussed = _statuses(
        "The mayor of Gimhae met the mayor of Munakata to discuss youth exchanges between "
        "Gimhae and Munakata."
    )
    pair = frozenset({"Gimhae", "Munakata"})
    assert discussed[(pair, "exchange")] == {"planned"}
    assert discussed[(pair, "meeting")] == {"active"}  # the meeting itself took place
    proposed = _statuses(
        "The mayor of Sapporo suggested that Sapporo and Daejeon become sister cities."
    )
    assert proposed[(frozenset({"Sapporo", "Daejeon"}), "sister_city")] == {"planned"}
    future = _statuses("Busan and Fukuoka discussed future youth exchanges.")
    assert future[(frozenset({"Busan", "Fukuoka"}), "exchange")] == {"planned"}
    # The future of something else says nothing of the tie signed.
    looking = _statuses("Looking to the future, Busan and Fukuoka signed a sister city pact.")
    assert looking[(frozenset({"Busan", "Fukuoka"}), "sister_city")] == {"active"}
    plans = _statuses("Busan and Fukuoka drew up cooperation plans for the port.")
    assert plans[(frozenset({"Busan", "Fukuoka"}), "cooperation")] == {"planned"}


def _types(text: str) -> dict[frozenset[str], set[str]]:
    out: dict[frozenset[str], set[str]] = {}
    for r in extract(text):
        out.setdefault(frozenset(c.name for c in r.cities), set()).add(r.type.value)
    return out


def test_a_tie_that_modifies_an_agreement_noun_is_one_tie() -> None:
    found = _types("Osaka and Melbourne signed a sister city agreement in 1978.")
    assert found[frozenset({"Osaka", "Melbourne"})] == {"sister_city"}
    found = _types("Perth and Kagoshima renewed their twinning partnership.")
    assert found[frozenset({"Perth", "Kagoshima"})] == {"sister_city"}
    # A cooperation agreement of its own is still one.
    found = _types("Osaka and Melbourne signed an agreement on port logistics.")
    assert found[frozenset({"Osaka", "Melbourne"})] == {"cooperation"}


def test_an_agreement_like_a_tie_named_before_is_that_tie() -> None:
    text = (
        "Tianjin suspended its sister city ties with Vilnius after Vilnius signed a similar "
        "agreement with Kaohsiung."
    )
    assert _types(text)[frozenset({"Vilnius", "Kaohsiung"})] == {"sister_city"}


def test_a_status_word_does_not_reach_into_a_subordinate_clause() -> None:
    text = (
        "Lyon ended its sister city relationship with Wuhan after Wuhan signed a sister city "
        "agreement with Kobe."
    )
    found = _statuses(text)
    assert "ended" in found[(frozenset({"Lyon", "Wuhan"}), "sister_city")]
    # The signing after "after" is not ended by the main clause's verb.
    assert "active" in found[(frozenset({"Wuhan", "Kobe"}), "sister_city")]


def test_a_tie_noun_phrase_that_names_both_ends_ties_only_them() -> None:
    text = (
        "Tucson raised funds for its sister city Fukuoka. Fukuoka's domestic sister city "
        "Kumamoto was hit hardest by the floods."
    )
    found = _types(text)
    assert "sister_city" in found[frozenset({"Fukuoka", "Kumamoto"})]
    assert "sister_city" not in found.get(frozenset({"Tucson", "Kumamoto"}), set())
    text = "The mayor of Incheon met Mayor Tanaka of Kobe, a sister city of Seattle, in May."
    found = _types(text)
    assert "sister_city" in found[frozenset({"Kobe", "Seattle"})]
    assert "sister_city" not in found.get(frozenset({"Incheon", "Kobe"}), set())


def test_money_given_or_raised_for_a_city_is_aid() -> None:
    text = "After the earthquake, Fort Myers raised $80,000 for its sister city Kobe."
    assert "aid" in _types(text)[frozenset({"Fort Myers", "Kobe"})]
    text = "Nagano sent 3 million yen to Vancouver for the flood victims."
    assert "aid" in _types(text)[frozenset({"Nagano", "Vancouver"})]


def test_a_place_named_for_where_another_lies_is_no_party() -> None:
    text = "Officials from Kamogawa, a coastal town south of Tokyo, met the mayor of Manitowoc."
    assert all("Tokyo" not in pair for pair in _pairs(text))
    text = "A delegation from Wheeling, a village near Chicago, visited Busan in June."
    assert all("Chicago" not in pair for pair in _pairs(text))


def test_students_visiting_are_an_exchange_not_an_official_visit() -> None:
    students = _types("Twenty students from Kobe are visiting Seattle this week.")
    assert students[frozenset({"Kobe", "Seattle"})] == {"exchange"}
    welcomed = _types("This week Seattle welcomes twenty students from Kobe.")
    assert welcomed[frozenset({"Kobe", "Seattle"})] == {"exchange"}
    mayor = _types("The mayor of Kobe is visiting Seattle this week.")
    assert mayor[frozenset({"Kobe", "Seattle"})] == {"visit"}


def test_cities_listed_after_among_are_one_relation_of_all() -> None:
    text = (
        "The mayor of Incheon met the mayor of Kobe to discuss cooperation among Incheon, "
        "Kobe, and Tianjin, China."
    )
    rels = extract(text)
    joint = [r for r in rels if r.type.value == "cooperation" and len(r.cities) == 3]
    assert [sorted(c.name for c in r.cities) for r in joint] == [["Incheon", "Kobe", "Tianjin"]]
    assert joint[0].status.value == "planned"


def test_acting_at_the_other_citys_hall_is_a_visit() -> None:
    text = "The mayor of Chuncheon signed the agreement at Da Lat City Hall on Saturday."
    assert "visit" in _types(text)[frozenset({"Chuncheon", "Da Lat"})]


def test_a_city_receiving_anothers_officials_met_them() -> None:
    text = "Mayor Julie Moore and Decatur welcomed six delegates from Tokorozawa on Thursday."
    assert {"meeting", "visit"} <= _types(text)[frozenset({"Decatur", "Tokorozawa"})]
    students = _types("Decatur welcomed six students from Tokorozawa on Thursday.")
    assert "meeting" not in students.get(frozenset({"Decatur", "Tokorozawa"}), set())


def test_a_visit_to_a_country_is_no_visit_between_cities() -> None:
    text = (
        "Prague and Beijing signed a sister city agreement when the Chinese president "
        "visited the Czech Republic in 2016."
    )
    assert "visit" not in _types(text)[frozenset({"Prague", "Beijing"})]


def test_a_quotation_that_names_an_events_parties_states_it_as_planned() -> None:
    text = (
        'The mayor of Incheon said, "It is necessary to promote exchanges among Incheon, Kobe, '
        'and Tianjin."'
    )
    joint = [r for r in extract(text) if r.type.value == "exchange" and len(r.cities) == 3]
    assert [(sorted(c.name for c in r.cities), r.status.value) for r in joint] == [
        (["Incheon", "Kobe", "Tianjin"], "planned")
    ]


def test_the_heads_of_two_regions_acting_together_met() -> None:
    text = (
        "Hokkaido established a friendship affiliation with Jeju in 2016. The governors of "
        "the two regions signed the agreement in Sapporo."
    )
    assert "meeting" in _types(text)[frozenset({"Hokkaido", "Jeju City"})]


def test_friendship_grown_by_a_verb_is_how_cities_get_on_not_a_tie() -> None:
    grown = _types(
        "The mayors vowed to enhance cooperation and friendship between Daejeon and Seattle."
    )
    assert "friendship" not in grown[frozenset({"Daejeon", "Seattle"})]
    tie = _types("Daejeon and Seattle signed a friendship agreement in 2012.")
    assert "friendship" in tie[frozenset({"Daejeon", "Seattle"})]


def test_a_possessive_of_the_citys_own_people_or_ties_keeps_it_a_party() -> None:
    met = _types("Daejeon's mayor met the mayor of Calgary on Monday.")
    assert "meeting" in met[frozenset({"Daejeon", "Calgary"})]
    listed = _types("Boryeong's sister cities include Shizuoka, Weihai and Karratha.")
    for partner in ("Shizuoka", "Weihai", "Karratha"):
        assert listed[frozenset({"Boryeong", partner})] == {"sister_city"}
    # Another possessive only qualifies its noun: the community is no city's act.
    assert _pairs("Chicago's Korean community welcomed the mayor of Busan.") == set()


def test_a_preposition_or_adverb_opening_a_sentence_is_no_part_of_a_name() -> None:
    among = _types("Among Yeongju's sister cities are Nagaoka and Sanya.")
    assert among[frozenset({"Yeongju", "Nagaoka"})] == {"sister_city"}
    assert frozenset({"Nagaoka", "Sanya"}) not in among
    through = _types("Through Cheonan's sister city Fullerton, ten pupils came to California.")
    assert "sister_city" in through[frozenset({"Cheonan", "Fullerton"})]


def _types(text: str) -> dict[frozenset[str], set[str]]:
    out: dict[frozenset[str], set[str]] = {}
    for r in extract(text):
        out.setdefault(frozenset(c.name for c in r.cities), set()).add(r.type.value)
    return out


def test_a_nationality_adjective_is_no_town_of_its_name() -> None:
    # "Canadian" is also a town in Texas: before a noun it is the country's adjective.
    text = "The Canadian city of Halifax has been a sister city of Kobe since 1983."
    assert _pairs(text) == {frozenset({"Halifax", "Kobe"})}


def test_a_city_named_by_its_countrys_adjective_is_the_city_the_text_names() -> None:
    # Back to the city of that country named before: the Japanese delegation is Kobe's.
    text = (
        "Kobe and Halifax became sister cities in 1983. Last week the Japanese delegation "
        "toured the harbour of Halifax."
    )
    assert "visit" in _types(text)[frozenset({"Kobe", "Halifax"})]
    # A headline names by description what the body names after it.
    headline = (
        "Uppsala suspends ties with its Russian sister city\n\n"
        "Uppsala and Tver have been sister cities since 1991."
    )
    assert "suspended" in _statuses(headline)[(frozenset({"Uppsala", "Tver"}), "sister_city")]
    # A body sentence's adjective does not reach forward: nothing was named before it.
    forward = (
        "Aid was sent to the Japanese sister city after the flood. "
        "Halifax and Kobe are sister cities."
    )
    assert _types(forward) == {frozenset({"Halifax", "Kobe"}): {"sister_city"}}


def test_a_bodys_own_meeting_is_no_meeting_of_cities() -> None:
    text = (
        "At a city council meeting on Monday, the mayor of Leeds said the tie with "
        "Dortmund would be reviewed."
    )
    assert "meeting" not in _types(text).get(frozenset({"Leeds", "Dortmund"}), set())


def test_a_cue_as_the_subject_of_a_passive_takes_its_status() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    held = _statuses("Youth exchanges between Gimhae and Munakata have been put on hold.")
    assert held[(pair, "exchange")] == {"suspended"}
    ended = _statuses("The sister city relationship between Gimhae and Munakata was terminated.")
    assert ended[(pair, "sister_city")] == {"ended"}
    # An ending that could come is not done; exchanges taken up again are active.
    could = _statuses("The sister city relationship between Gimhae and Munakata could be ended.")
    assert could[(pair, "sister_city")] == {"active"}
    resumed = _statuses(
        "Exchanges between Gimhae and Munakata, suspended in 2019, were resumed this spring."
    )
    assert resumed[(pair, "exchange")] == {"active"}


def test_what_a_city_seeks_pushes_for_or_pursues_is_planned() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    seeks = _statuses("Gimhae seeks to become a sister city of Munakata.")
    assert seeks[(pair, "sister_city")] == {"planned"}
    pushing = _statuses("Gimhae is pushing to establish a sister city relationship with Munakata.")
    assert pushing[(pair, "sister_city")] == {"planned"}
    pursuing = _statuses("Gimhae is pursuing a friendship agreement with Munakata.")
    assert pursuing[(pair, "friendship")] == {"planned"}
    # What a city became is done.
    became = _statuses("Gimhae became a sister city of Munakata in 1983.")
    assert became[(pair, "sister_city")] == {"active"}


def test_korean_provinces_written_romanised_are_the_provinces() -> None:
    # The Revised Romanization of a province's Korean names, full (with -do) or short.
    full = _pairs("Chungcheongbuk-do signed a friendship agreement with Jiangxi Province.")
    assert full == {frozenset({"North Chungcheong Province", "Jiangxi"})}
    short = _pairs("Officials from Gyeongnam visited Nagasaki Prefecture to discuss tourism.")
    assert frozenset({"South Gyeongsang Province", "Nagasaki Prefecture"}) in short or (
        frozenset({"South Gyeongsang Province", "Nagasaki"}) in short
    )
    liquid = _pairs("Jeollanam-do and Yunnan Province held talks on tourism.")
    assert liquid == {frozenset({"South Jeolla Province", "Yunnan"})}


def test_a_visit_to_a_country_is_no_city_visit() -> None:
    text = (
        "Ulsan and Hagi are sister cities. The mayor of Ulsan makes an official visit to "
        "the Netherlands on Nov 10."
    )
    assert _types(text) == {frozenset({"Ulsan", "Hagi"}): {"sister_city"}}


def test_goods_sent_to_a_city_are_aid_people_and_words_are_not() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    assert "aid" in _types("Gimhae sent 5,000 masks to its sister city Munakata.")[pair]
    assert "aid" in _types("Gimhae shipped 10 tons of rice to Munakata after the flood.")[pair]
    assert "aid" in _types("Gimhae delivered relief supplies and blankets to Munakata.")[pair]
    # Students sent are an exchange, a letter is no support.
    assert "aid" not in _types("Gimhae sent 20 students to Munakata for a homestay.")[pair]
    assert "aid" not in _types("Gimhae sent a letter and 30 photographs to Munakata.").get(
        pair, set()
    )


def _dates(text: str) -> dict[str, str | None]:
    return {r.type.value: r.date for r in extract(text, published="2024-06-10")}


def test_a_since_date_dates_the_standing_tie_not_the_event() -> None:
    # The tie named in passing takes the "since" date of its own phrase; the visit does not.
    text = "Gimhae, a sister city of Munakata since 1983, sent a delegation to Munakata."
    assert _dates(text) == {"sister_city": "1983", "visit": None}
    dated = _dates("Munakata, its sister city since May 1990, welcomed officials from Gimhae.")
    assert dated["sister_city"] == "1990-05" and dated["visit"] is None


def test_a_possessed_tie_named_by_its_countrys_adjective_reaches_forward() -> None:
    # "its Japanese sister city" is a particular city of its owner's, named later.
    text = (
        "Tacoma will host a delegation from its Japanese sister city in October. "
        "Kitakyushu and Tacoma were twinned in 1959."
    )
    found = _statuses(text)
    pair = frozenset({"Tacoma", "Kitakyushu"})
    assert found[(pair, "visit")] == {"planned"}
    # The tie it names in passing is not what is planned.
    assert found[(pair, "sister_city")] == {"active"}


def test_a_tie_named_by_a_possessive_is_named_in_passing() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    text = "Gimhae and Munakata are twinned. Gimhae will send a choir to its sister city."
    assert _statuses(text)[(pair, "sister_city")] == {"active"}
    # ... unless the clause acts on the ties themselves.
    ties = "Gimhae and Munakata are twinned. Gimhae suspended ties with its sister city."
    assert "suspended" in _statuses(ties)[(pair, "sister_city")]


def test_sister_before_a_kind_of_government_or_a_ties_noun_is_a_sister_tie() -> None:
    provinces = "Gyeongnam and Yamaguchi Prefecture became sister provinces in 1987."
    types = _types(provinces)
    assert any("sister_city" in t for t in types.values())
    ties = "Tacoma and Kitakyushu marked the 65th anniversary of their sister ties."
    assert "sister_city" in _types(ties)[frozenset({"Tacoma", "Kitakyushu"})]


def test_a_name_written_with_a_provinces_word_is_the_province() -> None:
    # Yamaguchi is a city and a prefecture; "Yamaguchi Prefecture" says which.
    rels = extract("Gangneung and Yamaguchi Prefecture signed a friendship agreement.")
    assert {c.name for r in rels for c in r.cities} == {"Gangneung", "Yamaguchi Prefecture"}
    city = extract("Gangneung and Yamaguchi signed a friendship agreement.")
    assert {c.name for r in city for c in r.cities} == {"Gangneung", "Yamaguchi"}


def test_a_tie_as_what_a_city_would_be_is_the_clauses_predicate() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    wish = _statuses("Gimhae would like to be a sister city of Munakata.")
    assert wish[(pair, "sister_city")] == {"planned"}
    # In apposition, the tie is still named in passing.
    aside = _statuses("Gimhae, a sister city of Munakata, would like to host a festival.")
    assert aside[(pair, "sister_city")] == {"active"}


def test_a_place_written_with_the_one_it_lies_in_is_that_ones() -> None:
    from kg.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    rels = extract("Seoul's Jung-gu and Busan's Jung-gu signed an exchange agreement.")
    parents = {gaz.parent(c.key).name for r in rels for c in r.cities}  # type: ignore[union-attr]
    assert parents == {"Seoul", "Busan"}
    # The province a city lies in is no venue, nor does it make the list after it one.
    listed = _pairs("Wonju City in Gangwon Province and Roanoke, Virginia, are sister cities.")
    assert listed == {frozenset({"Wonju", "Roanoke"})}
    # "Kumamoto City" is not the prefecture, even beside it.
    city = extract("Kumamoto City in Kumamoto Prefecture and Ulsan are sister cities.")
    assert {c.name for r in city for c in r.cities} == {"Kumamoto", "Ulsan"}


def test_what_is_scheduled_set_or_expected_is_planned() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    scheduled = _statuses("The mayor of Gimhae is scheduled to visit Munakata next month.")
    assert scheduled[(pair, "visit")] == {"planned"}
    talks = _statuses("Gimhae and Munakata are in talks to become sister cities.")
    assert talks[(pair, "sister_city")] == {"planned"}
    # The cue as the subject of what is to come.
    expected = _statuses(
        "A sister city agreement between Gimhae and Munakata is expected to be signed in June."
    )
    assert expected[(pair, "sister_city")] == {"planned"}
    restart = _statuses(
        "Gimhae's youth exchange with Munakata, halted during the pandemic, will restart soon."
    )
    assert restart[(pair, "exchange")] == {"planned"}
    # A tie in apposition, or a relative clause's future, is not the cue's predicate.
    aside = _statuses("Gimhae and Munakata, sister cities for 40 years, will hold a festival.")
    assert aside[(pair, "sister_city")] == {"active"}
    who = _statuses(
        "Gimhae and Munakata promote the exchange of young people who will lead the region."
    )
    assert who[(pair, "exchange")] == {"active"}


def test_a_city_hosting_an_event_met_no_one() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    fair = _types("Gimhae, which is twinned with Munakata, hosted a trade fair.")
    assert fair[pair] == {"sister_city"}
    hosted = _types("Gimhae hosted the mayor of Munakata at City Hall.")
    assert "meeting" in hosted[pair]


def test_a_citys_own_event_keeps_it_a_party() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    text = "A troupe from Gimhae performed at Munakata's spring festival."
    assert _types(text)[pair] == {"exchange"}


def test_a_letter_of_sympathy_is_aid() -> None:
    text = "The mayor of Gimhae sent a letter of sympathy to Munakata after the typhoon."
    assert "aid" in _types(text)[frozenset({"Gimhae", "Munakata"})]


def test_the_two_sides_are_the_parties_under_discussion() -> None:
    text = (
        "Gimhae and Munakata became sister cities in 1992. "
        "The two sides agreed to expand youth exchanges."
    )
    assert "exchange" in _types(text)[frozenset({"Gimhae", "Munakata"})]


def test_an_organisation_named_after_a_city_or_given_to_is_no_city() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    center = "The mayor of Gimhae met the director of the Korean Cultural Center of Munakata."
    assert pair not in _pairs(center)
    gift = "Gimhae donated a bronze statue to the Korean Cultural Center in Munakata."
    assert pair not in _pairs(gift)
    # Given to the city, it is aid.
    assert "aid" in _types("Gimhae donated a bronze statue to Munakata.")[pair]


def test_weekdays_days_and_months_are_read_against_the_publication_date() -> None:
    # Published on Thursday 2023-11-02.
    def dates(text: str) -> dict[str, str | None]:
        return {r.type.value: r.date for r in extract(text, published="2023-11-02")}

    assert dates("The mayors of Gimhae and Munakata met Saturday.")["meeting"] == "2023-10-28"
    assert dates("The mayor of Gimhae will visit Munakata next Monday.")["visit"] == "2023-11-06"
    assert dates("The mayor of Gimhae met the mayor of Munakata on the 31st.")["meeting"] == (
        "2023-10-31"
    )
    assert dates("Earlier, in June, the mayor of Gimhae visited Munakata.")["visit"] == "2023-06"
    assert dates("Gimhae and Munakata became sister cities in January of 2016.") == {
        "sister_city": "2016-01"
    }
    # An ordinal's noun is no day of the month.
    assert (
        dates("Gimhae and Munakata marked the 10th anniversary of their sister ties.")[
            "sister_city"
        ]
        is None
    )


def test_more_nationality_adjectives_name_their_countrys_city() -> None:
    text = (
        "Gimhae and Cusco became sister cities in 2005. "
        "In May, Ulsan welcomed the Peruvian delegation."
    )
    types = _types(text)
    assert "visit" in types[frozenset({"Ulsan", "Cusco"})]
    assert frozenset({"Ulsan", "Gimhae"}) not in types


def test_a_tie_named_as_the_object_of_a_proposed_ending_keeps_its_own_date() -> None:
    text = (
        "On May 6, 2024, the council of Denver proposed to terminate its sister city ties "
        "with Kunming. Denver and Kunming became sister cities in 1986."
    )
    rels = [r for r in extract(text) if r.type.value == "sister_city"]
    assert {(r.status.value, r.date) for r in rels} == {("active", "1986")}


def test_a_headlines_to_and_eyes_are_what_is_to_come() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    assert _statuses("Gimhae to sign friendship deal with Munakata")[(pair, "friendship")] == {
        "planned"
    }
    assert _statuses("Gimhae Mayor Hong to visit Munakata")[(pair, "visit")] == {"planned"}
    assert _statuses("Gimhae eyes sister city ties with Munakata")[(pair, "sister_city")] == {
        "planned"
    }
    # A purpose after a verb that happened is no headline's future.
    done = _statuses("The mayor of Gimhae visited Munakata to sign a friendship agreement.")
    assert done[(pair, "visit")] == {"active"}


def test_two_known_places_joined_by_a_hyphen_are_two_names() -> None:
    pair = frozenset({"Gimhae", "Munakata"})
    assert "exchange" in _types("Gimhae-Munakata youth exchange resumes after 4 years")[pair]
    # ... unless a capitalised noun goes on with them: an organisation's name.
    zone = "Officials of the Daegu-Gyeongbuk Free Economic Zone visited Qingdao."
    assert _pairs(zone) == set()


def test_a_month_after_the_publication_is_this_years_when_it_is_to_come() -> None:
    def dates(text: str) -> dict[str, str | None]:
        return {r.type.value: r.date for r in extract(text, published="2021-08-23")}

    assert dates("Gimhae plans to hold a youth exchange with Munakata in October.") == {
        "exchange": "2021-10"
    }
    # What happened in a month after the publication's was last year's.
    assert dates("The mayor of Gimhae visited Munakata in October.") == {"visit": "2020-10"}


def test_a_tie_that_dates_back_to_a_year_began_then() -> None:
    text = "The friendship between Gimhae and Munakata goes back to 1971."
    assert _dates(text) == {"friendship": "1971"}


def test_a_name_written_in_capitals_is_read_as_a_name() -> None:
    # A headline in capitals: a city the gazetteer's curated tables know.
    assert _types("GIMHAE AND FUKUOKA SIGN FRIENDSHIP AGREEMENT") == {
        frozenset({"Gimhae", "Fukuoka"}): {"friendship"}
    }
    # A small town in capitals where the text also writes it in ordinary case.
    text = (
        "Councillors from WARMINSTER visited Sully-sur-Loire, its twin town. "
        "Warminster has welcomed French guests every year since."
    )
    assert frozenset({"Warminster", "Sully-sur-Loire"}) in _pairs(text)
    # An acronym, or a common word that is some small town's name, is no place.
    assert _pairs("GREEN SUMMIT: UCLG ASPAC welcomes Gimhae and Munakata") <= {
        frozenset({"Gimhae", "Munakata"})
    }


def test_a_town_named_with_its_connector_is_one_town() -> None:
    text = "Officials from Bradford on Avon visited Sully-sur-Loire, its twin town."
    assert _pairs(text) == {frozenset({"Bradford-on-Avon", "Sully-sur-Loire"})}


def test_the_city_named_by_its_province_or_state_is_the_last_city_named() -> None:
    text = (
        "Gimhae has many partners abroad, and Gimhae officials travel often. Fresno is a "
        "farming centre. The California city signed a friendship agreement with Munakata."
    )
    # Fresno, not the story's city, which the text names most
    assert _types(text) == {frozenset({"Fresno", "Munakata"}): {"friendship"}}


def test_a_datelines_place_in_capitals_is_where_the_story_was_written() -> None:
    found = extract(
        "SEOUL, South Korea, Oct. 3 (Yonhap) -- The mayor of Gimhae met the mayor of Munakata."
    )
    assert {frozenset(c.name for c in r.cities) for r in found} == {
        frozenset({"Gimhae", "Munakata"})
    }
    assert {r.place.name for r in found if r.place} == {"Seoul"}


def test_a_city_closing_a_foreign_bodys_name_names_the_body() -> None:
    text = "The Orchestre de Fukuoka performed in Gimhae, and Gimhae officials met Munakata."
    assert all("Fukuoka" not in pair for pair in _pairs(text))


def test_a_date_set_apart_in_an_aside_is_not_the_date_of_what_follows() -> None:
    # A relative clause between commas holds its own date.
    text = "Gimhae, which first met Munakata in 2015, signed a friendship agreement with Munakata."
    assert _dates(text)["friendship"] is None
    # So does a parenthesis; the event it follows may still take it.
    text = (
        "The mayor of Gimhae visited Munakata (in May 2019) and later signed a friendship "
        "agreement with Munakata."
    )
    assert _dates(text) == {"visit": "2019-05", "friendship": None}


def test_a_date_in_a_closing_relative_clause_dates_only_that_clause() -> None:
    # The clause after the event, to the sentence's end, tells its own event and date.
    text = (
        "The mayors of Gimhae and Munakata held talks in Gimhae on 3 June, and agreed to "
        "expand youth exchanges between the two cities, which became sister cities in 1992."
    )
    dated = _dates(text)
    assert dated["sister_city"] == "1992"
    assert dated["meeting"] == "2024-06-03" and dated.get("exchange") != "1992"
    # Without a date of its own the event takes none from the clause.
    text = (
        "Mayor Kim of Gimhae met the mayor of Munakata, which became a sister city of "
        "Gimhae in 1992."
    )
    dated = _dates(text)
    assert dated["sister_city"] == "1992" and dated["meeting"] is None
    # A clause right after the tie is about the tie: its date is the tie's.
    dated = _dates("Gimhae and Munakata renewed their twinning, which dates back to 1992.")
    assert dated["sister_city"] == "1992"


def test_the_day_written_before_the_month_is_a_date_and_mayors_is_no_month() -> None:
    from kg.extract.dates import find_dates

    def values(text: str) -> list[str | None]:
        return [d.value for d in find_dates(text, published="2024-06-10")]

    assert values("signed on 3 June 2023 in Gimhae") == ["2023-06-03"]
    assert values("met on 21st of March, 2019") == ["2019-03-21"]
    assert values("arrived on 12 Sept. 2018") == ["2018-09-12"]
    # without a year, against the publication date (a month well ahead is last year's)
    assert values("visited on 1 May.") == ["2024-05-01"]
    assert values("visited on 4 December.") == ["2023-12-04"]
    # a number before a word that starts like a month is no date
    assert values("30 Mayors and 5 Marines met") == []
    assert values("Mayors 30 and Marine 5 met") == []
    dated = _dates("The mayors of Gimhae and Munakata signed a friendship agreement on 3 June.")
    assert dated["friendship"] == "2024-06-03"


def _typed_statuses(text: str) -> set[tuple[frozenset[str], str, str]]:
    return {
        (frozenset(c.name for c in r.cities), r.type.value, r.status.value) for r in extract(text)
    }


def test_a_tie_cut_or_suspended_is_a_tie_of_the_kind_the_text_states() -> None:
    # No kind said: a tie noun as the object of ending or suspending is still a tie.
    leeds = frozenset({"Leeds", "Kazan"})
    assert _typed_statuses("Leeds cut ties with Kazan on Monday.") == {
        (leeds, "cooperation", "ended")
    }
    lyon = frozenset({"Lyon", "Minsk"})
    assert _typed_statuses("Lyon severed its relationship with Minsk last week.") == {
        (lyon, "cooperation", "ended")
    }
    pair = frozenset({"Minneapolis", "Novosibirsk"})
    for text in (
        "Minneapolis suspended ties with Novosibirsk in March.",
        "Ties between Minneapolis and Novosibirsk were suspended in March.",
    ):
        assert _typed_statuses(text) == {(pair, "cooperation", "suspended")}, text
    # The kind the text states of the pair elsewhere is the kind of tie cut.
    bremen = frozenset({"Bremen", "Riga"})
    for cut in ("cut ties with Riga", "ended its partnership with Riga"):
        text = f"Bremen and Riga became sister cities in 1985. Last year Bremen {cut}."
        assert _typed_statuses(text) == {
            (bremen, "sister_city", "active"),
            (bremen, "sister_city", "ended"),
        }, text
    text = "Oxford and Perm signed a friendship agreement. Oxford severed ties with Perm."
    assert (frozenset({"Oxford", "Perm"}), "friendship", "ended") in _typed_statuses(text)
    # In a story of sister cities, an unsaid tie of another pair is a sister tie too.
    text = (
        "Vienna signed a sister city agreement with Lviv. Earlier, Vienna had cut ties with Moscow."
    )
    assert (frozenset({"Vienna", "Moscow"}), "sister_city", "ended") in _typed_statuses(text)
    # Ties between states are no city's.
    assert _typed_statuses("Honduras cut diplomatic ties with Taipei.") == set()


def test_exchanges_not_held_or_stopped_are_suspended() -> None:
    pair = frozenset({"Kobe", "Seattle"})
    for text in (
        "Kobe has not held exchanges with Seattle since 2020.",
        "Kobe haven't held any youth exchanges with Seattle since 2020.",
        "Kobe and Seattle have had no exchanges since the pandemic.",
        "Exchanges between Kobe and Seattle have not resumed since 2022.",
        "Exchanges between Kobe and Seattle haven't taken place since 2022.",
        "Kobe halted all exchanges with Seattle in 2020.",
        "Exchanges between Kobe and Seattle stalled in 2020.",
    ):
        assert _statuses(text)[(pair, "exchange")] == {"suspended"}, text
    # The tie of the pair whose exchanges are not held is suspended with them.
    text = (
        "Kobe and Seattle have been sister cities since 1957. The two cities have not held "
        "exchanges since 2020."
    )
    assert _statuses(text)[(pair, "sister_city")] == {"suspended"}
    # Exchanges held, or a negation of something else, stay active.
    for text in (
        "Kobe and Seattle held exchanges in 2019.",
        "Kobe and Seattle not only held exchanges but also signed an agreement.",
        "Exchanges between Kobe and Seattle were resumed in 2023.",
    ):
        assert _statuses(text)[(pair, "exchange")] == {"active"}, text


def test_the_agreement_of_a_tie_already_stated_is_no_cooperation() -> None:
    # "the agreement", after the text tied the pair as friendship cities, is that tie's
    # document; an agreement of its own subject, or of its own kind, is a cooperation.
    restated = _types(
        "Portland set up a friendship tie with Kobe in 2001. "
        "The mayors of the two cities signed the agreement in Kobe."
    )
    assert "cooperation" not in restated[frozenset({"Portland", "Kobe"})]
    assert "friendship" in restated[frozenset({"Portland", "Kobe"})]
    its_own = _types(
        "Portland set up a friendship tie with Kobe in 2001. "
        "The mayors of the two cities signed the agreement on port logistics in Kobe."
    )
    assert "cooperation" in its_own[frozenset({"Portland", "Kobe"})]
    kind = _types(
        "Portland and Kobe became sister cities in 1990. "
        "In 2015 the two cities signed a tourism agreement."
    )
    assert "cooperation" in kind[frozenset({"Portland", "Kobe"})]


def test_cities_attending_one_event_together_are_no_pair() -> None:
    for text in (
        "Busan, Fukuoka and Kaohsiung attended a festival in Shanghai.",
        "Delegations from Osaka, Taipei and Hanoi took part in the forum held in Seoul.",
        "Busan and Fukuoka officials attended a festival in Shanghai.",
        "The forum was attended by Busan, Fukuoka and Kaohsiung.",
    ):
        assert _pairs(text) == set(), text
    # The host that welcomed them is paired with each; a tie said of them still holds.
    hosted = _pairs(
        "Busan welcomed delegations from Fukuoka and Kaohsiung, who attended its festival."
    )
    assert hosted == {frozenset({"Busan", "Fukuoka"}), frozenset({"Busan", "Kaohsiung"})}
    assert _pairs("Sister cities Busan and Fukuoka attended the forum in Shanghai.") == {
        frozenset({"Busan", "Fukuoka"})
    }
    # Two that attend a meeting met.
    text = "The mayors of Busan and Fukuoka attended the signing ceremony in Busan."
    assert _pairs(text) == {frozenset({"Busan", "Fukuoka"})}


def test_a_counterpart_in_a_city_is_that_citys_side_not_a_venue() -> None:
    text = "The mayor of Lyon signed a sister city agreement with his counterpart in Turin."
    assert "sister_city" in _types(text)[frozenset({"Lyon", "Turin"})]
    text = "Officials of Lyon met their hosts in Turin."
    assert frozenset({"Lyon", "Turin"}) in _pairs(text)
    # Where two others met is still only the venue.
    text = "The mayor of Lyon met the mayor of Vienna in Turin."
    assert _pairs(text) == {frozenset({"Lyon", "Vienna"})}


def test_three_cities_as_one_list_subject_act_together() -> None:
    def found(text: str) -> set[tuple[str, frozenset[str]]]:
        return {(r.type.value, frozenset(c.name for c in r.cities)) for r in extract(text)}

    three = frozenset({"Busan", "Ulsan", "Changwon"})
    assert found("Busan, Ulsan and Changwon signed a joint agreement on transport.") == {
        ("cooperation", three)
    }
    assert found("The mayors of Busan, Ulsan and Changwon agreed to cooperate.") == {
        ("cooperation", three)
    }
    # One city and its partners: its tie with each.
    hub = found("Busan signed agreements with Ulsan and Changwon.")
    assert hub == {
        ("cooperation", frozenset({"Busan", "Ulsan"})),
        ("cooperation", frozenset({"Busan", "Changwon"})),
    }
    # Attending together ties none of them.
    assert found("Busan, Ulsan and Changwon attended the forum.") == set()


def test_the_owner_of_a_tie_noun_is_each_listed_citys_partner() -> None:
    def pairs(text: str) -> set[frozenset[str]]:
        return {frozenset(c.name for c in r.cities) for r in extract(text)}

    expected = {frozenset({"Busan", "Osaka"}), frozenset({"Busan", "Kobe"})}
    assert pairs("Osaka and Kobe are Busan's sister cities.") == expected
    assert pairs("Osaka and Kobe are sister cities of Busan.") == expected
    assert pairs("Osaka, Kobe and Nagoya are Busan's three sister cities.") == {
        *expected,
        frozenset({"Busan", "Nagoya"}),
    }
    # Two cities alone are each other's.
    assert pairs("Busan and Fukuoka are sister cities.") == {frozenset({"Busan", "Fukuoka"})}


def test_a_distributed_act_pairs_each_listed_city_with_the_partner_not_each_other() -> None:
    seoul = "Seoul"
    for text in (
        "Daegu, Gwangju and Suwon each signed a sister-city agreement with Seoul.",
        "Daegu, Gwangju and Suwon have each signed sister-city agreements with Seoul.",
        "Daegu, Gwangju and Suwon signed sister-city agreements with Seoul separately.",
        "The mayors of Daegu, Gwangju and Suwon each met the mayor of Seoul.",
        "Each of Daegu, Gwangju and Suwon has a sister-city agreement with Seoul.",
    ):
        pairs = _pairs(text)
        assert pairs == {frozenset({c, seoul}) for c in ("Daegu", "Gwangju", "Suwon")}, text
    # "respectively" pairs two lists in order.
    assert _pairs("Daegu and Suwon signed pacts with Osaka and Kobe, respectively.") == {
        frozenset({"Daegu", "Osaka"}),
        frozenset({"Suwon", "Kobe"}),
    }
    # Each with a partner the sentence does not name: no pair among them.
    assert _pairs("Daegu, Gwangju and Suwon each signed cooperation agreements.") == set()
    # Together they act as one; "each year" is how often, not who.
    assert _pairs("Daegu, Gwangju and Suwon signed a cooperation agreement.") == {
        frozenset({"Daegu", "Gwangju", "Suwon"})
    }
    assert _pairs("Daegu and Suwon each year renew their cooperation agreement.") == {
        frozenset({"Daegu", "Suwon"})
    }


def test_a_counted_possessive_tie_still_names_its_owner() -> None:
    # Any number or quantifier (and an adjective) may stand between the owner's
    # possessive and its tie noun.
    for text in (
        "Tainan is one of Denver's ten sister cities.",
        "Tainan is among Denver's several official sister cities.",
        "Tainan is one of Denver's 12 sister cities.",
    ):
        assert _types(text)[frozenset({"Tainan", "Denver"})] == {"sister_city"}, text


def test_an_apposition_naming_a_tie_ties_its_city_and_stays_out_of_the_clause() -> None:
    for text in (
        "Tainan, one of Denver's ten sister cities, hosted a trade fair.",
        "Tainan, Denver's friendship city since 2004, hosted a trade fair.",
        "Tainan, a sister city of Denver, hosted a trade fair.",
    ):
        found = _types(text)
        assert set(found) == {frozenset({"Tainan", "Denver"})}, text
    # The owner named in the apposition is no party of what the clause tells.
    found = _types("A delegation from Tainan, one of Denver's sister cities, visited Boise.")
    assert found == {
        frozenset({"Tainan", "Denver"}): {"sister_city"},
        frozenset({"Tainan", "Boise"}): {"visit"},
    }
    found = _types("Tainan, a sister city of Denver, signed a friendship pact with Boise.")
    assert found[frozenset({"Tainan", "Boise"})] == {"friendship"}
    assert frozenset({"Denver", "Boise"}) not in found


def test_a_government_named_by_its_province_adjective_or_its_seat_is_the_party() -> None:
    # "X Prefectural Government", "X Provincial Office": the province, not a city of its name.
    found = _pairs("Gimhae signed a friendship pact with the Kyoto Prefectural Government.")
    assert found == {frozenset({"Gimhae", "Kyoto Prefecture"})}
    found = _pairs("Fukuoka Prefectural Government and Gimhae signed a friendship pact.")
    assert found == {frozenset({"Gimhae", "Fukuoka Prefecture"})}
    # A city's hall that acts stands for its government; one that is where it happens
    # stays the venue.
    assert _pairs("Daegu City Hall signed an MOU with Nagoya City Hall.") == {
        frozenset({"Daegu", "Nagoya"})
    }
    assert _pairs("Officials from Daegu City Hall visited Nagoya.") == {
        frozenset({"Daegu", "Nagoya"})
    }
    assert _pairs("Nagoya officials gathered in front of Daegu City Hall.") == set()


def test_an_organisation_named_after_a_city_acts_for_itself_not_the_city() -> None:
    # GUIDE.md: a bank's, university's, port authority's or chamber's relations are
    # never its city's, as subject or as partner, in a story about that city or another.
    lead = "Mayor Oh of Incheon visited Seoul on Monday. "
    for org in (
        "The Bank of Incheon",
        "Incheon Port Authority",
        "The Incheon Chamber of Commerce and Industry",
        "Inha National University",
        "Incheon Bank",
        "Officials of the Bank of Incheon",
        "On Friday, Incheon Bank",
        "Incheon Bank CEO Lee Jae-won",
    ):
        found = _pairs(f"{lead}{org} signed an MOU with Kobe on Friday.")
        assert found == {frozenset({"Incheon", "Seoul"})}, org
        assert _pairs(f"{org} signed an MOU with Kobe.") == set(), org
    for partner in ("Kobe Bank", "the Kobe Chamber of Commerce", "Kobe University"):
        found = _pairs(f"{lead}Incheon signed an MOU with {partner} on Friday.")
        assert found == {frozenset({"Incheon", "Seoul"})}, partner
    # A city's government by its seat, its council or its title still acts for it.
    for city in (
        "Incheon City Hall",
        "Incheon Metropolitan Government",
        "Incheon City Council",
        "The city of Incheon",
    ):
        assert _pairs(f"{city} signed an MOU with Kobe.") == {frozenset({"Incheon", "Kobe"})}
    # An organisation's act that names the cities' own tie still states it.
    assert _pairs("Incheon Bank sponsored the exchanges between Incheon and Kobe.") == {
        frozenset({"Incheon", "Kobe"})
    }


def _groups(text: str) -> dict[frozenset[str], set[str]]:
    found: dict[frozenset[str], set[str]] = {}
    for r in extract(text):
        found.setdefault(frozenset(c.name for c in r.cities), set()).add(r.type.value)
    return found


def test_a_listed_subject_acts_toward_the_city_named_after_it() -> None:
    # One agreement of a list with a partner is one relation of them all (GUIDE.md: a
    # joint agreement of several cities), "joint" said or not.
    for text in (
        "Daegu, Gumi and Andong signed a joint pact with Nagoya.",
        "Daegu, Gumi and Andong jointly signed an MOU with Nagoya on Friday.",
        "Daegu, Gumi and Andong signed a cooperation agreement with Nagoya.",
    ):
        assert _groups(text) == {
            frozenset({"Daegu", "Gumi", "Andong", "Nagoya"}): {"cooperation"}
        }, text
    assert _groups("Daegu and Gumi will sign a joint agreement with Nagoya and Gifu.") == {
        frozenset({"Daegu", "Gumi", "Nagoya", "Gifu"}): {"cooperation"}
    }
    # Agreements in the plural, and acts that are no agreement, are each listed city's
    # toward the partner, none between the listed cities.
    assert _groups("Daegu, Gumi and Andong signed agreements with Nagoya.") == {
        frozenset({c, "Nagoya"}): {"cooperation"} for c in ("Daegu", "Gumi", "Andong")
    }
    assert _groups("Officials of Daegu and Gumi visited Nagoya last month.") == {
        frozenset({c, "Nagoya"}): {"visit"} for c in ("Daegu", "Gumi")
    }


def test_officials_journeying_to_a_city_visit_it() -> None:
    # A journey named by its verb (toured, travelled to, arrived in, a trip to) is a
    # visit when officials make it, to a city named right after the verb.
    for text in (
        "Mayor Choi of Gimhae toured Munakata last week.",
        "Gimhae officials travelled to Munakata on Tuesday.",
        "A team of Gimhae councillors arrived in Munakata on Monday.",
        "Gimhae Mayor Choi, on a three-day trip to Munakata, praised its port.",
    ):
        assert _groups(text) == {frozenset({"Gimhae", "Munakata"}): {"visit"}}, text
    # Not travellers who are no officials, nor a journey to a country.
    assert _groups("Pupils from Gimhae arrived in Munakata on Monday.") == {}
    assert _groups("Mayor Choi of Gimhae travelled to Japan to meet Munakata's mayor.") == {
        frozenset({"Gimhae", "Munakata"}): {"meeting"}
    }


def test_help_given_to_a_city_or_a_city_helped_through_a_disaster_is_aid() -> None:
    for text in (
        "Changwon sent support to Kagoshima.",
        "Changwon offered help to the city of Kagoshima after the flood.",
        "Changwon extended a helping hand to Kagoshima.",
        "Changwon is helping Kagoshima recover from the eruption.",
        "Changwon supported Kagoshima after the typhoon.",
    ):
        assert _groups(text) == {frozenset({"Changwon", "Kagoshima"}): {"aid"}}, text
    # Without a disaster, "help" and "support" are no gift.
    assert _groups("Changwon will help Kagoshima promote tourism.") == {}
    assert _groups("Changwon supports Kagoshima's bid for the games.") == {}


def test_a_gift_to_an_organisation_is_no_citys_nor_is_the_gift_coordinated_with_it() -> None:
    lead = "Mayor Kim of Ulsan visited Kobe. "
    # A year after a gift is no count of goods given.
    found = _groups(f"{lead}Ulsan donated a bell to the Korean Cultural Center in 2019.")
    assert found == {frozenset({"Ulsan", "Kobe"}): {"visit"}}
    # A second verb of giving coordinated with the first, naming no receiver, gives to
    # the first one's receiver; one that names a city gives to it.
    found = _groups(
        f"{lead}Ulsan donated a bell to the Korean Cultural Center and later donated a drum."
    )
    assert found == {frozenset({"Ulsan", "Kobe"}): {"visit"}}
    found = _groups(
        f"{lead}Ulsan donated a bell to the Korean Cultural Center and donated 500 masks to Kobe."
    )
    assert found == {frozenset({"Ulsan", "Kobe"}): {"visit", "aid"}}


def test_the_city_right_before_a_verb_of_giving_is_the_giver() -> None:
    # "A helps B send aid to C": the aid sent is B's to C, as well as A's help to B.
    found = _groups(
        "After the typhoon, Jinju is helping Suncheon send relief supplies to Kumamoto."
    )
    assert found[frozenset({"Suncheon", "Kumamoto"})] == {"aid"}
    assert found[frozenset({"Jinju", "Suncheon"})] == {"aid"}
    found = _groups("Jinju is helping Suncheon send support to Kumamoto through donations.")
    assert found[frozenset({"Suncheon", "Kumamoto"})] == {"aid"}


def test_a_release_s_own_dateline_names_the_story_s_city() -> None:
    # the mayor named without a city is the dateline city's (the release's author)
    text = (
        "TACOMA, Wash. – Mayor Jane Rowe welcomed a delegation from Kitakyushu, Japan, on Friday."
    )
    found = {(frozenset(c.name for c in r.cities), r.type.value) for r in extract(text)}
    assert (frozenset({"Tacoma", "Kitakyushu"}), "visit") in found
    kobe = extract("KOBE, Japan — Mayor Ken Sato welcomed Seattle's deputy mayor.")
    assert {frozenset(c.name for c in r.cities) for r in kobe} == {frozenset({"Kobe", "Seattle"})}
    # a wire's dateline, with its agency, is where the reporter filed: no party
    wire = extract("SEOUL, Oct. 5 (Yonhap) -- The mayor of Busan met a delegation from Fukuoka.")
    assert {frozenset(c.name for c in r.cities) for r in wire} == {frozenset({"Busan", "Fukuoka"})}


def test_a_relative_clause_naming_a_city_is_a_clause_of_its_own() -> None:
    # What the relative clause tells is its antecedent's with the city it names; the
    # clause around it does not take that city.
    found = _groups(
        "Mokpo, which has been a sister city of Kure since 1996, welcomed a delegation "
        "from Da Nang."
    )
    assert found == {
        frozenset({"Mokpo", "Kure"}): {"sister_city"},
        frozenset({"Mokpo", "Da Nang"}): {"visit", "meeting"},
    }
    found = _groups(
        "A delegation from Da Nang, which signed an MOU with Mokpo in 2019, visited Kure."
    )
    assert found == {
        frozenset({"Mokpo", "Da Nang"}): {"cooperation"},
        frozenset({"Kure", "Da Nang"}): {"visit"},
    }


def test_an_opening_phrase_and_the_subject_after_its_comma_are_no_list() -> None:
    # "In X, Y signed": X is where, Y the subject; a comma alone joins no list of two.
    assert _pairs("In Kure, Mokpo Mayor Park signed an MOU with Hue Mayor Tran.") == {
        frozenset({"Mokpo", "Hue"})
    }
    # A list closed by "and" after the venue still shares its role.
    assert _pairs("Talks in Kure, Osaka and Kobe drew Mokpo officials.") == set()
    # A comparison opening the sentence names no party.
    assert _pairs("Unlike Kure, Mokpo signed an MOU with Hue.") == {frozenset({"Mokpo", "Hue"})}


def test_officials_named_again_by_a_part_of_the_name_or_as_the_two_mayors() -> None:
    first = "Tacoma Mayor Jane Rowe welcomed Kitakyushu Mayor Ken Sato on Friday. "
    for then in (
        "Later, Sato and Rowe signed a memorandum on environmental cooperation.",
        "Later, the two mayors signed a memorandum on environmental cooperation.",
    ):
        found = {(frozenset(c.name for c in r.cities), r.type.value) for r in extract(first + then)}
        assert (frozenset({"Tacoma", "Kitakyushu"}), "cooperation") in found, then


def test_thanks_for_help_through_a_disaster_is_aid_received() -> None:
    found = _groups("Mayor Park of Mokpo thanked Kure for its support after the typhoon.")
    assert found == {frozenset({"Mokpo", "Kure"}): {"aid"}}
    assert _groups("Mokpo thanked Kure for its support of the Expo bid.") == {}
