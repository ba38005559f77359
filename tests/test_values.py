"""Canonical values: one value in many surface forms is one value; different values stay different.

Property-based (hypothesis) over generated figures, currencies, units and names; no model loaded.
"""

from __future__ import annotations

import pytest

import re

from hypothesis import given, settings, strategies as st

from service.normalize import same_value
from service.values import People, value_of, widen

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """English words for 0 <= n < 10**9, as a newspaper writes them ('three hundred and ninety')."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return f"{ONES[n // 100]} hundred" + (f" and {in_words(rest)}" if rest else "")
    for scale, word in ((10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            rest = n % scale
            return f"{in_words(n // scale)} {word}" + ((" and " if rest < 100 else " ") + in_words(rest) if rest else "")
    raise ValueError(n)


def forms_of(n: int) -> list[str]:
    forms = [str(n), f"{n:,}", in_words(n)]
    for scale, words in ((10**6, ("million", "m")), (10**3, ("thousand",))):
        if n >= scale and n % (scale // 10) == 0:
            figure = f"{n / scale:.12g}"  # ":g" keeps 6 digits: 119750400 became "119750 thousand"
            forms += [f"{figure} {w}" if len(w) > 1 else f"{figure}{w}" for w in words]
            break
    return forms


numbers = st.integers(min_value=1, max_value=999_999_999)
pairs = st.tuples(numbers, numbers).filter(lambda p: p[0] != p[1])
QUALIFIERS = ["about", "around", "at least", "more than", "nearly", "an estimated", "some", "up to"]
CURRENCY_FORMS = {  # amount x million, in each currency's usual spellings
    "EUR": ["€{x}million", "€{x} million", "€{x}m", "{x}m euros", "{x} million euros", "EUR {x} million"],
    "GBP": ["£{x}million", "£{x} million", "£{x}m", "{x} million pounds", "£{x}mn"],
    "USD": ["${x}million", "${x} million", "${x}m", "{x} million dollars", "US${x}m"],
}


@settings(max_examples=300)
@given(numbers, st.data())
def test_a_number_in_any_form_is_one_value(n, data):
    forms = forms_of(n)
    a, b = data.draw(st.sampled_from(forms)), data.draw(st.sampled_from(forms))
    assert same_value(a, b, "CARDINAL"), (a, b)
    assert same_value(a, b), (a, b)  # without the tagger's label too


@settings(max_examples=300)
@given(pairs, st.data())
def test_different_numbers_stay_different(pair, data):
    n, m = pair
    a = data.draw(st.sampled_from([str(n), f"{n:,}", in_words(n)]))
    b = data.draw(st.sampled_from([str(m), f"{m:,}", in_words(m)]))
    assert not same_value(a, b, "CARDINAL"), (a, b)


@given(numbers, st.sampled_from(QUALIFIERS))
def test_a_qualifier_is_not_another_value(n, qualifier):
    assert same_value(f"{qualifier} {n:,}", str(n), "CARDINAL")
    assert value_of(f"{qualifier} {n:,}", "CARDINAL").qualifier == qualifier


@settings(max_examples=200)
@given(st.integers(1, 999), st.sampled_from(sorted(CURRENCY_FORMS)), st.data())
def test_money_in_any_form_is_one_value(x, currency, data):
    forms = [f.format(x=x) for f in CURRENCY_FORMS[currency]]
    a, b = data.draw(st.sampled_from(forms)), data.draw(st.sampled_from(forms))
    assert same_value(a, b, "MONEY") and same_value(a, b), (a, b)
    assert value_of(a, "MONEY") .unit == currency


@settings(max_examples=200)
@given(st.integers(1, 999), st.sampled_from(sorted(CURRENCY_FORMS)), st.sampled_from(sorted(CURRENCY_FORMS)), st.data())
def test_other_currencies_or_amounts_differ(x, c1, c2, data):
    a = data.draw(st.sampled_from(CURRENCY_FORMS[c1])).format(x=x)
    if c1 != c2:
        b = data.draw(st.sampled_from(CURRENCY_FORMS[c2])).format(x=x)
        assert not same_value(a, b, "MONEY"), (a, b)
    y = data.draw(st.integers(1, 999).filter(lambda y: y != x))
    assert not same_value(a, data.draw(st.sampled_from(CURRENCY_FORMS[c1])).format(x=y), "MONEY")


@given(st.decimals(min_value=0, max_value=100, places=1), st.data())
def test_percentages_in_any_form(x, data):
    forms = [f"{x} per cent", f"{x}%", f"{x} percent", f"{x} per-cent"]
    a, b = data.draw(st.sampled_from(forms)), data.draw(st.sampled_from(forms))
    assert same_value(a, b, "PERCENT") and same_value(a, b, None), (a, b)
    assert not same_value(a, f"{x + 1}%", "PERCENT")


@given(st.integers(1, 19), st.sampled_from(["day", "week", "month", "year", "hour"]), st.data())
def test_durations_in_any_form(n, unit, data):
    forms = [f"{in_words(n)}-{unit}", f"{n}-{unit}", f"{n} {unit}s" if n > 1 else f"{n} {unit}",
             f"{in_words(n)} {unit}s" if n > 1 else f"one {unit}"]
    a, b = data.draw(st.sampled_from(forms)), data.draw(st.sampled_from(forms))
    assert same_value(a, b, "DATE") and same_value(a, b, None), (a, b)
    assert not same_value(a, f"{n + 1} {unit}s", "DATE")
    if unit == "week":
        assert same_value(a, f"{7 * n} days", "DATE")
    other = "month" if unit != "month" else "week"
    assert not same_value(a, f"{n} {other}s", "DATE")


@given(st.integers(1, 19), st.sampled_from(["year", "hour", "week"]), st.data())
def test_a_half_and_a_length_in_two_parts_are_one_value(n, unit, data):
    """'four and a half years' = 'four years and six months'; neither is 'four years'."""
    half = {"year": "six months", "hour": "30 minutes", "week": "84 hours"}[unit]
    forms = [f"{in_words(n)} and a half {unit}s", f"{n} and a half {unit}s", f"{in_words(n)} {unit}s and {half}"
             if n > 1 else f"one {unit} and {half}"]
    a, b = data.draw(st.sampled_from(forms)), data.draw(st.sampled_from(forms))
    assert same_value(a, b, "DATE"), (a, b)
    assert not same_value(a, f"{n} {unit}s", "DATE") and not same_value(a, f"{n + 1} {unit}s", "DATE")


@pytest.mark.parametrize("framed,plain", [
    ("the first 20 minutes", "twenty minutes"), ("the next 10 years", "ten-year"), ("within 14 days", "a fortnight"),
    ("within a fortnight", "14 days"), ("for the past six months", "6 months"), ("the last two decades", "20 years")])
def test_a_framed_length_of_time_is_that_length(framed, plain):
    assert value_of(framed, "DATE").kind == "duration"
    assert same_value(framed, plain, "DATE"), (framed, plain)


@pytest.mark.parametrize("text", ["the next day", "the first time", "the first 20 minutes of the match", "14 days ago",
                                  "in 10 years"])
def test_framing_words_before_no_bare_length_of_time_keep_it_a_date(text):
    assert value_of(text, "DATE").kind == "date"


@pytest.mark.parametrize("text,amount", [("no more than a dozen", 12), ("no fewer than 40", 40), ("not less than 3,000", 3000)])
def test_a_bound_is_a_qualifier_of_the_figure(text, amount):
    value = value_of(text, "CARDINAL")
    assert (value.kind, value.amount) == ("number", amount) and value.qualifier


def test_a_dozen_is_twelve():
    assert same_value("a dozen", "12", "CARDINAL") and same_value("three dozen", "36", "CARDINAL")
    assert not same_value("a dozen", "1", "CARDINAL")


def test_a_relative_date_is_not_a_duration():
    assert value_of("six weeks ago", "DATE").kind == "date"
    assert not same_value("six weeks ago", "six weeks", "DATE")


@given(st.integers(20, 300))
def test_speeds_agree_across_units(kmh):
    mph = round(kmh / 1.609344)
    if abs(mph * 1.609344 - kmh) / kmh < 0.02:
        assert same_value(f"{kmh} km/h", f"{mph} mph", "QUANTITY")
    assert not same_value(f"{kmh} km/h", f"{kmh} mph", "QUANTITY")
    assert not same_value(f"{kmh} km/h", f"{kmh} km", "QUANTITY")


FIRST = st.sampled_from(["Marta", "Ivan", "Lena", "Tomas", "Aiko", "Rafael"])
LAST = st.sampled_from(["Kovač", "Okafor", "Lindqvist", "Moreau", "Bernardi"])
TITLE = st.sampled_from(["President", "Mr", "Ms", "Dr", "Prime Minister", "Chief Executive", "Mayor"])


@given(TITLE, FIRST, LAST)
def test_titles_and_first_names_drop_when_unambiguous(title, first, last):
    people = People([f"{first} {last}"])
    for form in (f"{title} {first} {last}", f"{first} {last}", last, f"{title} {last}"):
        assert same_value(form, f"{first} {last}", "PERSON", people), form


@given(FIRST, FIRST, LAST)
def test_a_surname_shared_by_two_people_is_ambiguous(first, other, last):
    if first == other:
        return
    people = People([f"{first} {last}", f"{other} {last}"])
    assert not same_value(last, f"{first} {last}", "PERSON", people)
    assert not same_value(f"{other} {last}", f"{first} {last}", "PERSON", people)


def test_places():
    assert same_value("the city of Varna", "Varna", "GPE")
    assert same_value("UAE", "the United Arab Emirates", "GPE")
    assert not same_value("Varna", "Burgas", "GPE")


SENTENCES = ["The club paid {v} for the striker.", "It costs {v}, officials said.", "A budget of {v} ({x} in all)."]


@settings(max_examples=200)
@given(st.integers(1, 999), st.sampled_from(sorted(CURRENCY_FORMS)), st.sampled_from(SENTENCES), st.data())
def test_widen_keeps_a_money_value_whole(x, currency, sentence, data):
    form = data.draw(st.sampled_from(CURRENCY_FORMS[currency])).format(x=x)
    text = sentence.format(v=form, x="all")
    digit = re.search(r"\d+", text)  # what a tagger might have kept: just the figure
    start, end = widen(text, digit.start(), digit.end())
    assert text[start:end] == form


def test_widen_on_tagger_cuts():
    cases = [("Winds reached 120km/h (75mph) on Tuesday.", "120", "120km/h"),
             ("Turnout was 41.7 per cent, up from 39%.", "41.7", "41.7 per cent"),
             ("Turnout was 41.7 per cent, up from 39%.", "39", "39%"),
             ("The six-week strike ended.", "six", "six-week"),
             ("It started six weeks ago.", "six", "six"),
             ("It cost £3.5bn in all.", "3.5bn", "£3.5bn"),
             ("Flight 390 landed.", "Flight", "Flight")]
    for text, cut, whole in cases:
        i = text.index(cut)
        start, end = widen(text, i, i + len(cut))
        assert text[start:end] == whole, (text, cut)


AGE_FORMS = ["{n}-year-old", "{n} years old", "{n}-month-old"]
LENGTH_FORMS = ["{n} years", "{n}-year", "{n} nights", "{n} weeks", "{n}-week", "{n} days"]


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=120), st.integers(min_value=1, max_value=120), st.data())
def test_an_age_is_never_a_length_of_time(n, m, data):
    """'a 14-year-old girl' is no answer that agrees or conflicts with 'two nights' or '14 years'."""
    age = data.draw(st.sampled_from(AGE_FORMS)).format(n=n)
    length = data.draw(st.sampled_from(LENGTH_FORMS)).format(n=m)
    assert value_of(age).kind == "age" and value_of(length).kind == "duration"
    assert not same_value(age, length) and not same_value(length, age)


@given(st.integers(min_value=1, max_value=120))
def test_one_age_in_two_forms_and_as_a_bare_figure(n):
    assert same_value(f"{n}-year-old", f"{n} years old")
    assert same_value(f"{n}-year-old", str(n))  # 'how old is she?' '14'
    assert not same_value(f"{n}-year-old", f"{n + 1}-year-old")


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["€{x} million", "€{x}m", "{x} million euros", "£{x}m"]))
def test_a_scaled_figure_without_its_currency_is_that_amount(x, form):
    """'The budget, 38 million, ...' agrees with '€38 million'; '38 million' is never 39 million euros."""
    money = form.format(x=x)
    assert same_value(f"{x} million", money) and same_value(money, f"{x} million")
    assert not same_value(f"{x + 1} million", money)
    assert not same_value(f"{x} thousand", money)


def test_a_figure_said_to_be_nearer_or_closer_to_is_the_figure():
    """'Stewards counted nearer 7,500 visitors': the figure 7,500, qualified, not a phrase of words."""
    for text, label, other in [("nearer 7,500", "CARDINAL", "7,500"), ("closer to £2.4m", "MONEY", "£2.4 million"),
                               ("approaching 40 per cent", "PERCENT", "40%")]:
        value = value_of(text, label)
        assert value.kind != "text" and value.qualifier is not None, text
        assert same_value(text, other, label)
    assert not same_value("nearer 7,500", "12,000", "CARDINAL")


def test_a_unit_and_a_half_is_half_a_unit_more():
    """'a year and a half' is 18 months, as 'one and a half years' is; not 'a year'."""
    assert same_value("a year and a half", "18 months", "DATE")
    assert same_value("an hour and a half", "90 minutes", "TIME")
    assert same_value("two years and a half", "30 months", "DATE")
    assert not same_value("a year and a half", "a year", "DATE")
    assert not same_value("a year and a half", "two years", "DATE")


def test_a_figure_in_words_is_whole():
    """Only digits carry a mantissa apart from their scale ('38' of '€38m'): a figure in words is its
    whole amount (hypothesis found these pairs agreeing)."""
    for a, b in [("one million", "1"), ("2", "two million"), ("eighty-six thousand four hundred", "864")]:
        assert not same_value(a, b, "CARDINAL") and not same_value(a, b), (a, b)
    for a, b in [("two million", "2 million"), ("thirty-eight million", "€38 million"), ("38", "€38 million")]:
        assert same_value(a, b, "CARDINAL"), (a, b)


def test_a_temperature_written_short_is_a_temperature():
    """'36.1C' (the capital C glued to the figure) is a temperature, equal to '36.1°C' and not to
    '36.4C'; a cent ('50c') is no temperature."""
    assert value_of("36.1C", "QUANTITY").unit == "temperature"
    assert same_value("36.1C", "36.1°C", "QUANTITY")
    assert not same_value("36.1C", "36.4C", "QUANTITY")
    assert value_of("50c", "CARDINAL").kind == "number"


def test_one_unit_as_written_is_compared_exactly_converted_ones_within_rounding():
    assert not same_value("14 metres", "14.2 metres", "QUANTITY")
    assert same_value("120 km/h", "75 mph", "QUANTITY")


def test_a_quantity_written_with_m_is_metres_money_and_counts_are_millions():
    assert same_value("340m", "340 metres", "QUANTITY")
    assert value_of("£340m", "QUANTITY").kind == "money"
    assert value_of("340m", "CARDINAL").amount == 340_000_000


def test_a_given_name_written_short_and_a_councillor_title():
    people = People(["Rosalind Fenner", "Ros Fenner", "Wendell Asquith"])
    assert same_value("Ros Fenner", "Rosalind Fenner", "PERSON", people)
    assert same_value("Ms Fenner", "Rosalind Fenner", "PERSON", people)  # one person, written two ways
    assert same_value("Cllr Asquith", "Wendell Asquith", "PERSON", people)
    assert not same_value("Ro Fenner", "Rosalind Fenner", "PERSON", people)  # too short to tell
    two = People(["Anna Kovač", "Marta Kovač"])
    assert not same_value("Kovač", "Anna Kovač", "PERSON", two)


def test_the_verb_last_is_no_part_of_the_length_of_time():
    for text, span, expected in [("It expected the closure to last two weeks.", "last two weeks", "two weeks"),
                                 ("The strike lasted six weeks.", "lasted six weeks", "six weeks"),
                                 ("Prices rose in the last two weeks.", "last two weeks", "last two weeks")]:
        i = text.index(span)
        start, end = widen(text, i, i + len(span))
        assert text[start:end] == expected


def test_pence_written_short_are_money():
    assert value_of("412p", "CARDINAL").kind == "money"
    assert same_value("412p", "£4.12", "MONEY") and same_value("40 pence", "40p", "MONEY")
    assert value_of("4pm", "TIME").kind != "money"


def test_a_time_of_day_is_no_count():
    for text in ("4.40pm", "6am", "10.30 a.m."):
        assert value_of(text, "CARDINAL").kind == "date"
    assert not same_value("4.40pm", "6.40pm", "TIME")
    assert value_of("4 people", "CARDINAL").kind == "number"


def test_metres_written_short_before_a_word_of_size():
    from service.values import relabel
    for following in (" high, among the tallest", "-high turbines", " across", " in diameter"):
        label = relabel("149m", "CARDINAL", following)
        assert label == "QUANTITY" and value_of("149m", label) == value_of("149 metres", "QUANTITY")
    for following in (" people", " long-term loan", ""):  # a count, a sum of money
        assert relabel("149m", "CARDINAL", following) == "CARDINAL"
    assert relabel("£149m", "MONEY", " high") == "MONEY"
