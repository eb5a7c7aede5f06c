"""Tests of the ``statements`` extractor: quotes, fragments, reported speech, speakers and channels.

The sentences are written for the tests (other names, bodies and wording than the seeds).
"""

from __future__ import annotations

from defense_ties import extract
from defense_ties.models import Extraction, Statement


def run(text: str) -> Extraction:
    ex = extract(text, published="2024-05-07")
    for s in ex.statements:
        assert text[s.evidence.start : s.evidence.end] == s.evidence.text
    return ex


def speaker_name(ex: Extraction, st: Statement) -> str | None:
    names = {p.id: p.name for p in ex.participants}
    return names.get(st.speaker) if st.speaker else None


def test_direct_quote_before_attribution_and_continuation() -> None:
    text = (
        "\u201cOur navies will sail together,\u201d Olsen said. "
        "\u201cThat is a promise to every ally.\u201d\n"
        "Gen. Mette Olsen arrived in Oslo on Monday."
    )
    ex = run(text)
    sts = ex.statements
    assert [(s.kind, s.text, s.verb) for s in sts] == [
        ("direct", "Our navies will sail together", "say"),
        ("direct", "That is a promise to every ally", "say"),
    ]
    assert speaker_name(ex, sts[0]) == "Mette Olsen"
    assert sts[1].speaker == sts[0].speaker
    assert sts[1].speaker_text is None
    assert sts[0].rule != sts[1].rule


def test_direct_quote_after_verb() -> None:
    ex = run("Defense Minister Jan Kowalski said, \u201cWe will buy more tanks.\u201d")
    (st,) = ex.statements
    assert st.kind == "direct"
    assert st.text == "We will buy more tanks"
    assert speaker_name(ex, st) == "Jan Kowalski"


def test_partial_quotes_in_reported_speech() -> None:
    text = (
        "Adm. Hans Vogel proposed to \u201cdeepen naval ties through regular drills,\u201d "
        "stressing that Japan is a \u201cvital partner.\u201d"
    )
    ex = run(text)
    got = [(s.kind, s.verb, s.text) for s in ex.statements]
    assert got == [
        ("partial", "propose", "deepen naval ties through regular drills"),
        ("partial", "stress", "vital partner"),
    ]
    assert all(speaker_name(ex, s) == "Hans Vogel" for s in ex.statements)


def test_reported_speech_with_that_clause_and_date() -> None:
    ex = run("Gen. Laura Pinto said Monday that the exercise would begin in June.")
    (st,) = ex.statements
    assert st.kind == "reported"
    assert st.verb == "say"
    assert st.text == "the exercise would begin in June"


def test_pronoun_speaker_in_next_sentence() -> None:
    text = (
        "Foreign Minister Ana Ruiz met Gen. Tom Hale in Madrid. "
        "Ruiz highlighted the risks posed by drones. She also expressed concern over cyberattacks."
    )
    ex = run(text)
    sts = ex.statements
    assert [s.verb for s in sts] == ["highlight", "express"]
    assert speaker_name(ex, sts[1]) == "Ana Ruiz"
    assert sts[1].speaker_text == "She"
    assert sts[1].text == "concern over cyberattacks"


def test_body_attribution_is_speaker_of_the_clause() -> None:
    text = "The two navies will hold drills next month, Japan's Defense Ministry said in a statement."
    ex = run(text)
    (st,) = ex.statements
    assert speaker_name(ex, st) == "Defense Ministry"
    assert st.text == "The two navies will hold drills next month"
    assert st.via is None
    assert st.kind == "reported"


def test_channel_is_via_when_a_person_speaks() -> None:
    text = (
        "Defense Minister Lars Berg met officers. "
        "Berg stressed the need for air defense, and asked for more funds, according to the Defense Ministry."
    )
    ex = run(text)
    sts = ex.statements
    assert [(s.verb, s.text) for s in sts] == [
        ("stress", "the need for air defense"),
        ("ask", "more funds"),
    ]
    ministry = next(p for p in ex.participants if p.kind == "organization")
    assert all(s.via == ministry.id for s in sts)
    assert all(speaker_name(ex, s) == "Lars Berg" for s in sts)


def test_according_to_alone() -> None:
    ex = run("According to Kyodo News, the ships left port on Friday.")
    (st,) = ex.statements
    assert st.verb == "according to"
    assert speaker_name(ex, st) == "Kyodo News"
    assert st.text == "the ships left port on Friday"


def test_joint_speakers_one_record_each() -> None:
    text = "Gen. Ivo Marek held talks with Adm. Pia Lund in Prague. Both sides reaffirmed their commitment to joint training."
    ex = run(text)
    names = sorted(speaker_name(ex, s) or "" for s in ex.statements)
    assert names == ["Ivo Marek", "Pia Lund"]
    assert all(s.verb == "reaffirm" for s in ex.statements)


def test_unnamed_speaker() -> None:
    ex = run("Senior military officials said the border remained calm.")
    (st,) = ex.statements
    assert st.speaker is None
    assert st.speaker_text is not None and "officials" in st.speaker_text
    assert st.text == "the border remained calm"


def test_speaker_over_relative_clause() -> None:
    text = "Gen. Omar Haddad, who was visiting Amman, emphasized the value of joint patrols."
    ex = run(text)
    (st,) = ex.statements
    assert speaker_name(ex, st) == "Omar Haddad"
    assert st.verb == "emphasize"


def test_scare_quotes_without_reporting_verb_are_not_statements() -> None:
    ex = run("In 2010, Norway became one of the \u201cpartners across the globe\u201d of the alliance.")
    assert ex.statements == []


def test_country_subject_is_not_a_speaker() -> None:
    ex = run("Japan said it would send two destroyers.")
    assert all(s.speaker is None for s in ex.statements)


def test_statements_in_text_order_with_ids() -> None:
    text = "Col. Rui Sousa said the drills ended. Col. Rui Sousa also stressed the need for more ships."
    ex = run(text)
    assert [s.id for s in ex.statements] == ["S1", "S2"]
    assert [s.verb for s in ex.statements] == ["say", "stress"]


def test_odd_text() -> None:
    for t in ["\u201c", "\u201d said", '"" said "', "said, according to", "\u201c" * 300 + "x"]:
        extract(t)


def test_attribution_followed_by_participle_keeps_both() -> None:
    text = (
        "The alliance will deepen \u201cpractical\u201d ties, the chairman of its top military body said Tuesday, "
        "stressing the value of \u201cregular\u201d drills.\nMilitary Committee Chair Adm. Pierre Vandier arrived in Canberra."
    )
    ex = run(text)
    got = [(s.kind, s.verb, s.text) for s in ex.statements]
    assert got == [("partial", "say", "practical"), ("partial", "stress", "regular")]
    assert all(speaker_name(ex, s) == "Pierre Vandier" for s in ex.statements)


def test_framing_body_is_via() -> None:
    text = "Defense Minister Ken Ito met officers. The Defense Ministry said Ito thanked the troops for their work."
    ex = run(text)
    (st,) = ex.statements
    assert speaker_name(ex, st) == "Ken Ito"
    assert st.verb == "thank"
    assert st.via is not None and speaker_name(ex, st.model_copy(update={"speaker": st.via})) == "Defense Ministry"


def test_coordinated_speakers_over_counterpart_apposition() -> None:
    text = "Defense Minister Jan Novak and his Slovak counterpart, Robert Kalinak, acknowledged the need for joint air policing."
    ex = run(text)
    assert sorted(speaker_name(ex, s) or "" for s in ex.statements) == ["Jan Novak", "Robert Kalinak"]


def test_quote_first_then_attribution_with_participle_tail() -> None:
    text = "\u201cThis treaty makes us stronger,\u201d he said, standing beside Prime Minister Jonas Gahr."
    ex = run("Prime Minister Jonas Gahr arrived. " + text)
    (st,) = ex.statements
    assert st.kind == "direct"
    assert st.text == "This treaty makes us stronger"


def test_participle_after_a_non_person_subject_is_not_a_statement() -> None:
    text = "Gen. Mia Holm arrived on Monday. It marks the top commander's first visit, underscoring the role of Oslo."
    ex = run(text)
    assert ex.statements == []


def test_date_between_subject_and_verb() -> None:
    text = "Foreign Minister Petra Lind in the same month urged Brussels to \u201cact faster\u201d on aid."
    ex = run(text)
    (st,) = ex.statements
    assert speaker_name(ex, st) == "Petra Lind"
    assert (st.kind, st.verb, st.text) == ("partial", "urge", "act faster")


def test_straight_quote_closing_a_sentence_stays_with_it() -> None:
    text = (
        'Prime Minister Ana Costa spoke in Lisbon. She asserted, "Our navy will sail with our allies." '
        "This statement reflects a new course."
    )
    ex = run(text)
    (st,) = ex.statements
    assert (st.kind, st.verb, st.text) == ("direct", "assert", "Our navy will sail with our allies")
    assert st.evidence.text.endswith('allies."')


def test_quote_after_a_lead_in_is_direct() -> None:
    text = 'Defense Minister Jon Berg posted on social media: "It was a fantastic visit to our partners."'
    ex = run(text.replace("posted", "wrote"))
    (st,) = ex.statements
    assert (st.kind, st.verb) == ("direct", "write")


def test_adjuncts_and_addressee_before_that_are_not_content() -> None:
    ex = run("Col. Tom Reed said in a statement on Friday that ships had left port.")
    assert [s.text for s in ex.statements] == ["ships had left port"]
    ex = run("Defense Minister Lee Jong-sup told Yonhap News Agency that the drills would resume.")
    assert [(s.verb, s.text) for s in ex.statements] == [("tell", "the drills would resume")]


def test_inverted_attribution_with_rank() -> None:
    ex = run("The talks were productive, said Adm. Mia Ross, who leads the fleet.")
    (st,) = ex.statements
    assert speaker_name(ex, st) == "Mia Ross"
    assert st.text == "The talks were productive"


def test_plural_common_nouns_are_unnamed_speakers_not_people() -> None:
    ex = run("Others said the plan was late. Witnesses said troops moved at night.")
    assert ex.participants == []
    assert [s.speaker for s in ex.statements] == [None, None]


def test_statement_dates_and_trimmed_evidence() -> None:
    text = (
        "Gen. Ola Dahl said Monday that the drills would end.\n\n"
        "US Secretary of State Antony Blinken in the same month urged Oslo to \u201cspend more.\u201d\n"
        "During Tuesday's talks, Dahl gave a briefing, expressing \u201cdeep concern,\u201d the ministry said.\n"
    )
    ex = run(text)
    got = [(s.verb, s.date.text if s.date else None) for s in ex.statements]
    assert got == [("say", "Monday"), ("urge", "the same month"), ("express", "Tuesday")]
    assert all(not s.evidence.text[-1].isspace() for s in ex.statements)


def test_participle_after_plural_subject_gives_one_record_per_person() -> None:
    text = (
        "Prime Minister Jonas Lie hosted Chancellor Karl Brandt in Oslo. "
        "During the meeting, they discussed the pact, noting that it \u201cbinds our navies.\u201d"
    )
    ex = run(text)
    assert sorted(speaker_name(ex, s) or "" for s in ex.statements) == ["Jonas Lie", "Karl Brandt"]
    assert all((s.kind, s.verb, s.text) == ("partial", "note", "binds our navies") for s in ex.statements)


def test_single_curly_quotes() -> None:
    text = (
        "Prime Minister Ana Moss met envoys. \u2018This treaty will bolster our ties,\u2019 she said. "
        "Moss called it \u2018a vital plank\u2019 and praised the allies\u2019 support."
    )
    ex = run(text)
    got = [(s.kind, s.verb, s.text) for s in ex.statements]
    assert got == [
        ("direct", "say", "This treaty will bolster our ties"),
        ("partial", "call", "a vital plank"),
        ("reported", "praise", "the allies\u2019 support"),
    ]


def test_two_bodies_speaking_together() -> None:
    ex = run("Polish and Czech defense ministries said the drills would go ahead.")
    assert sorted(speaker_name(ex, s) or "" for s in ex.statements) == ["Czech defense ministry", "Polish defense ministry"]


def test_pronoun_after_a_sentence_where_a_person_spoke() -> None:
    text = (
        "Defense Minister Ana Lopes met Japanese Defense Minister Ken Sato.\n"
        "Speaking to reporters, Lopes called the deal with the Japanese minister \u201ca breakthrough.\u201d\n"
        "\u201cThe mood was ripe for it,\u201d he said."
    )
    ex = run(text)
    assert [speaker_name(ex, s) for s in ex.statements] == ["Ana Lopes", "Ana Lopes"]


def test_attribution_followed_by_a_new_clause_and_an_outlet() -> None:
    text = (
        "Chile signed a deal to buy six frigates, Santiago's defence minister said, as Madrid bolsters ties "
        "in the region, reports EFE.\nDefence Minister Maya Fernandez arrived in Madrid."
    )
    ex = run(text)
    (st,) = ex.statements
    assert (st.kind, st.verb, st.text) == ("reported", "say", "Chile signed a deal to buy six frigates")
    assert speaker_name(ex, st) == "Maya Fernandez"


def test_unnamed_body_opening_a_clause() -> None:
    ex = run("An international court in 2019 said the claims had no legal basis. The deal was announced in May.")
    (st,) = ex.statements
    assert st.speaker is None
    assert st.speaker_text == "international court"
    assert st.text == "the claims had no legal basis"
