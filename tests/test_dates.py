"""Korean and English date expressions resolved against the publication date.

Each sentence here was written for these tests (none is taken from a news text).
"""

from __future__ import annotations

from kg.extract import extract
from kg.extract.dates import find_dates, find_published


def _values(text: str, published: str = "2017-11-17") -> list[tuple[str | None, str]]:
    return [(d.value, text[d.start : d.end].strip()) for d in find_dates(text, published=published)]


def test_a_day_of_the_month_before_this_one_or_the_next() -> None:
    assert _values("지난달 23일 방문했다") == [("2017-10-23", "지난달 23일")]
    assert _values("지난 달 3일 방문했다") == [("2017-10-03", "지난 달 3일")]
    assert _values("이달 5일 열렸다") == [("2017-11-05", "이달 5일")]
    assert _values("다음달 28일 파견한다") == [("2017-12-28", "다음달 28일")]
    assert _values("내달 2일 파견한다") == [("2017-12-02", "내달 2일")]
    # the month alone, of the same words (not 내달리다, to run)
    assert _values("지난달 교류 행사를 취소했다") == [("2017-10", "지난달")]
    assert _values("이달 열리는 교류전") == [("2017-11", "이달")]
    assert _values("다음 달 방문한다") == [("2017-12", "다음 달")]
    assert _values("선수들이 결승선으로 내달렸다") == []
    # December's next month is the next year's January
    assert _values("다음 달 3일 파견한다", "2017-12-20") == [("2018-01-03", "다음 달 3일")]


def test_a_range_of_days_is_one_date_its_first() -> None:
    # written with a tilde or 부터 ... 까지, the range is one mention dated by its first day;
    # its last day is not read alone (a bare 22일 after the 17th would be last month's)
    assert _values("오는 20일부터 22일까지 열린다") == [("2017-11-20", "오는 20일부터 22일까지")]
    assert _values("16∼20일 일정으로 파견했다") == [("2017-11-16", "16∼20일")]
    assert _values("11월 20~22일 열린다") == [("2017-11-20", "11월 20~22일")]
    assert _values("2024년 9월 16일부터 20일까지") == [("2024-09-16", "2024년 9월 16일부터 20일")]
    assert _values("오는 30일부터 12월 2일까지") == [("2017-11-30", "오는 30일부터 12월 2일까지")]
    assert _values("지난달 23일부터 25일까지") == [("2017-10-23", "지난달 23일부터 25일")]


def test_a_relation_is_dated_by_its_range_and_the_month_after() -> None:
    text = (
        "울산시는 자매도시인 일본 니가타시에 16∼20일 일정으로 대표단을 파견했다고 17일 밝혔다. "
        "니가타시는 다음달 28일 울산시에 시민교류단을 파견할 예정이다."
    )
    dated = {(r.type.value, r.date) for r in extract(text, published="2024-09-17")}
    assert ("visit", "2024-09-16") in dated
    assert ("exchange", "2024-10-28") in dated


def _typed_dates(text: str, published: str = "2020-09-14") -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {}
    for r in extract(text, published=published):
        out.setdefault(r.type.value, set()).add(r.date)
    return out


def test_an_event_the_report_tells_undated_is_of_the_report_s_year() -> None:
    # The report says when it was told (14일 밝혔다), not when the aid came: that much is
    # certain, the year (GUIDE.md: "YYYY" when that much is certain).
    aid = _typed_dates("합천군은 자매도시인 일본 미토요시가 수해복구 성금을 보냈다고 14일 밝혔다.")
    assert aid["aid"] == {"2020"}
    visit = _typed_dates("The mayor of Gimhae visited its sister city Munakata to discuss trade.")
    assert visit["visit"] == {"2020"}
    # without a publication date there is no year to give
    assert {r.date for r in extract("The mayor of Gimhae visited Munakata.")} == {None}


def test_a_standing_practice_or_a_plan_takes_no_report_year() -> None:
    # done again and again (이어왔다, 매년, every year) or still to come: no one event
    habit = _typed_dates("안산시와 웨이하이시는 청소년 교류를 꾸준히 이어왔다.")
    assert habit.get("exchange") == {None}
    yearly = _typed_dates("Students from Gimhae visit Munakata every year.")
    assert all(d is None for ds in yearly.values() for d in ds)
    plan = _typed_dates("안산시장은 내달 웨이하이시를 방문할 예정이다.")
    assert plan["visit"] != {"2020"}
    # a tie is no event: its date is its start, which an undated sentence does not give
    tie = _typed_dates("안산시는 웨이하이시와 자매결연을 맺고 있다.")
    assert tie.get("sister_city") == {None}


def test_a_tie_suspended_with_its_exchanges_is_dated_by_the_suspension() -> None:
    text = (
        "Busan and Chicago formed sister city relations in 1978. "
        "Chicago said on March 3 it will suspend exchanges with Busan for the time being."
    )
    found = {(r.type.value, r.status.value, r.date) for r in extract(text, published="2012-03-10")}
    assert ("sister_city", "suspended", "2012-03-03") in found
    assert ("sister_city", "suspended", "1978") not in found


def test_english_ranges_weekdays_with_dates_months_to_come_and_relative_months() -> None:
    def en(text: str) -> list[tuple[str | None, str]]:
        return _values(text, "2023-11-07")

    assert en("met on 20-22 October 2023") == [("2023-10-20", "20-22 October 2023")]
    # the weekday before a written date adds nothing (and alone would be the last such day)
    assert en("signed on Friday, Nov. 3") == [("2023-11-03", "Nov. 3")]
    assert en("visited on Monday 6 November") == [("2023-11-06", "6 November")]
    # a month before the publication's, in a sentence of what is to come, is next year's
    assert en("The mayor will visit Busan in mid-March.") == [("2024-03", "in mid-March")]
    assert en("The mayor visited Busan in mid-March.") == [("2023-03", "in mid-March")]
    assert en("The delegation will arrive on March 3.") == [("2024-03-03", "March 3")]
    assert en("last month the mayor met") == [("2023-10", "last month")]
    assert en("the mayors meet next month") == [("2023-12", "next month")]
    assert en("earlier this month the two cities signed") == [("2023-11", "earlier this month")]
    assert _values("last month", "2024-01-15") == [("2023-12", "last month")]


def test_last_weekday_in_that_weekdays_paper_is_a_week_before() -> None:
    # 2024-11-15 is a Friday: "on Friday" is that day, "last Friday" the one before it,
    # "last Thursday" the day before
    assert _values("They met on Friday.", "2024-11-15") == [("2024-11-15", "Friday")]
    assert _values("They met last Friday.", "2024-11-15") == [("2024-11-08", "last Friday")]
    assert _values("They met last Thursday.", "2024-11-15") == [("2024-11-14", "last Thursday")]


def test_a_page_stamped_with_its_time_or_a_photo_credit_gives_the_publication_date() -> None:
    # nothing at the top: a wire's footer stamp, or a dated photo credit, is the date
    footer = (
        "창원시는 지난 3일 일본 오이타시와 교류 협약을 맺었다.\nkim@example.kr/2024-11-05 09:12:33/"
    )
    assert find_published(footer) == "2024-11-05"
    credit = (
        "시장이 협약서를 들고 있다. (제공: 천안시) ⓒ뉴스 2019.2.22\n시는 지난 20일 협약을 맺었다."
    )
    assert find_published(credit) == "2019-02-22"
    # an event's date and hour is no stamp; a date and time written as words neither
    assert find_published("행사는 2024년 10월 3일 오후 3시 시청에서 열린다.") is None
    # the stamp dates the text's relative days
    found = extract(footer)
    assert [(r.type.value, r.date) for r in found if r.type.value == "cooperation"] == [
        ("cooperation", "2024-11-03")
    ]


def test_an_event_told_as_done_in_a_month_after_the_report_s_is_of_the_year_before() -> None:
    pub = "2024-11-15"
    met = extract("The mayors of Busan and Fukuoka met in December.", published=pub)
    assert [(r.type.value, r.date) for r in met] == [("meeting", "2023-12")]
    met = extract("The mayors of Busan and Fukuoka met on December 3.", published=pub)
    assert [(r.type.value, r.date) for r in met] == [("meeting", "2023-12-03")]
    met = extract("부산시장과 후쿠오카시장은 12월 3일 만났다.", published=pub)
    assert [(r.type.value, r.date) for r in met] == [("meeting", "2023-12-03")]
    # a plan keeps the coming month; a written year is kept as written
    plan = extract("The mayors of Busan and Fukuoka will meet in December.", published=pub)
    assert [(r.type.value, r.status.value, r.date) for r in plan] == [
        ("meeting", "planned", "2024-12")
    ]
    met = extract("The mayors of Busan and Fukuoka met on December 3, 2024.", published=pub)
    assert [r.date for r in met] == ["2024-12-03"]


def test_an_english_page_s_posting_date_with_the_month_written_out() -> None:
    page = "Sister city news\nPosted on: October 14, 2024\n\nThe mayor met them on Friday."
    assert find_published(page) == "2024-10-14"
    assert find_published("By A. Writer | Published: Monday, June 3, 2019") == "2019-06-03"
    assert find_published("Updated: 14 October 2024") == "2024-10-14"
    # a date in the story's own words is not the page's
    assert find_published("The agreement was signed on October 14, 2024.") is None


def test_a_span_of_days_is_no_date() -> None:
    # 4박 5일 (four nights, five days), 5일 동안 and 5일간 count days; 오는 5일 is a date
    assert _values("오는 7월 26일부터 4박 5일 일정으로 방문한다") == [
        ("2018-07-26", "오는 7월 26일")
    ]
    assert _values("3박4일 일정으로 방문했다") == []
    assert _values("5일 동안 머물렀다") == []
    assert _values("오는 5일 일정을 시작한다") == [("2017-12-05", "오는 5일")]
    # a range of days before 일정 stays a date
    assert _values("16∼20일 일정으로 파견했다") == [("2017-11-16", "16∼20일")]


def test_a_month_after_a_year_word_is_of_that_year() -> None:
    # 내년 3월 is next year's March, whatever the month of the report
    assert _values("내년 3월 대표단을 초청할 예정이다", "2024-11-05") == [("2025-03", "내년 3월")]
    assert _values("지난해 12월 10일 방문했다", "2024-11-05") == [
        ("2023-12-10", "지난해 12월 10일")
    ]
    assert _values("올해 5월 협약을 맺었다", "2024-11-05") == [("2024-05", "올해 5월")]
    assert _values("내년 행사를 연다", "2024-11-05") == [("2025", "내년")]


def test_an_english_month_with_its_year_in_words() -> None:
    pub = "2024-11-05"
    assert _values("They met last December.", pub) == [("2023-12", "last December")]
    assert _values("They met last March.", pub) == [("2024-03", "last March")]
    assert _values("They will meet next March.", pub) == [("2025-03", "next March")]
    assert _values("They met in March last year.", pub) == [("2023-03", "in March last year")]


def test_a_week_word_is_the_month_of_that_week() -> None:
    # 2024-11-15 is a Friday: last week ran from Monday 4 to Sunday 10 November
    assert _values("지난주 대표단이 방문했다", "2024-11-15") == [("2024-11", "지난주")]
    assert _values("They met last week.", "2024-11-15") == [("2024-11", "last week")]
    assert _values("다음 주에 방문한다", "2024-11-29") == [("2024-12", "다음 주")]
    # a Monday's last week ran from 28 October to 3 November: its year only
    assert _values("They met last week.", "2024-11-04") == [("2024", "last week")]
    # 이번 주민설명회 is a residents' meeting, not this week
    assert _values("이번 주민설명회에서", "2024-11-15") == []
