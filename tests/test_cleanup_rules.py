"""Each clean-up rule on real-world phrasings from many outlets, not one article."""

from __future__ import annotations

import pytest

from eventwire.errors import RulesError
from eventwire.read.cleanup import clean_text
from eventwire.read.rules import CleanupRules, parse_rules

BODY = "The minister said on Tuesday that talks with the rebels would resume next week in Doha."


def rules_of(cleaned) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.rule for r in cleaned.removals]


@pytest.mark.parametrize("glyph", ["×", "✕", "☰", "• • •", "___", "***", "›"])
def test_glyph_lines_are_dropped(rules: CleanupRules, glyph: str) -> None:
    cleaned = clean_text(f"{glyph}\n\n{BODY}", rules, title="t")
    assert cleaned.text == BODY
    assert rules_of(cleaned) == ["ui-glyph"]


def test_close_glyph_glued_to_a_line_is_cut(rules: CleanupRules) -> None:
    cleaned = clean_text(f"× {BODY}", rules, title="t")
    assert cleaned.text == BODY


@pytest.mark.parametrize("blank", ["&nbsp;", "\u00a0", "\u00a0 \u200b", "&nbsp;&nbsp;"])
def test_empty_and_nbsp_lines_are_dropped(rules: CleanupRules, blank: str) -> None:
    cleaned = clean_text(f"{BODY}\n{blank}\n{BODY[:-1]} again.", rules, title="t")
    assert cleaned.text.count("\n\n") == 1
    assert "empty-line" in rules_of(cleaned)


def test_teaser_repeated_by_the_body_is_dropped(rules: CleanupRules) -> None:
    teaser = f"{BODY[:60]}... Continue reading Talks To Resume"
    cleaned = clean_text(f"Talks To Resume\n\n{teaser}\n\n{BODY}", rules)
    assert cleaned.text == BODY
    assert "rss-teaser" in rules_of(cleaned)


def test_teaser_not_repeated_keeps_its_text(rules: CleanupRules) -> None:
    cleaned = clean_text(f"{BODY[:-1]} … Continue reading Talks", rules, title="t")
    assert cleaned.text == BODY[:-1]
    assert rules_of(cleaned) == ["continue-reading"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("READ ALSO: Macron In Kyiv Says No Escalation", "Macron In Kyiv Says No Escalation"),
        ("Read more: Why Trump and Kim May Pick Singapore", "Why Trump and Kim May Pick Singapore"),
        (
            "SEE ALSO: Border Patrol stymied by other agencies",
            "Border Patrol stymied by other agencies",
        ),
        ("RELATED: Gaza conflict offers Egypt a moment", "Gaza conflict offers Egypt a moment"),
        ("More:3 mass shooting plots stopped", "3 mass shooting plots stopped"),
        (
            "Party leaders reach deal to avoid shutdown Read more",
            "Party leaders reach deal to avoid shutdown",
        ),
    ],
)
def test_cross_links_move_to_related(rules: CleanupRules, line: str, title: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}", rules, title="t")
    assert cleaned.text == BODY
    assert [link.title for link in cleaned.related] == [title]


def test_cross_link_keeps_its_url(rules: CleanupRules) -> None:
    cleaned = clean_text(
        f"{BODY}\nRelated: Ceasefire holds https://example.org/a/1", rules, title="t"
    )
    assert cleaned.related[0].title == "Ceasefire holds"
    assert cleaned.related[0].url == "https://example.org/a/1"


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Advertisement Continue reading the main story",
        "Click here to get the Fox News app",
        "Sign up for Daily Newsletters Manage Newsletters",
        "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.",
        "This article is more than 7 months old",
        "Loading...",
        # a video player's furniture, with the titles of other videos
        "JUST WATCHED Police clash with protesters Replay More Videos ... "
        "MUST WATCH Police clash with protesters 01:44",
        "JUST WATCHED",
        "More Videos ...",
        "Replay",
    ],
)
def test_page_furniture_is_dropped(rules: CleanupRules, line: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}", rules, title="t")
    assert cleaned.text == BODY
    assert rules_of(cleaned) == ["boilerplate"]


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Protesters gather outside parliament in Kyiv on Monday. Photo: Jane Roe / AFP",
            "Protesters gather outside parliament in Kyiv on Monday.",
            "Photo: Jane Roe / AFP",
        ),
        (
            "Erdogan speaks at a news conference in Ankara, Nov. 13, 2019. "
            "(AP Photo/Burhan Ozbilici)",
            "Erdogan speaks at a news conference in Ankara, Nov. 13, 2019.",
            "(AP Photo/Burhan Ozbilici)",
        ),
        (
            "Troops patrol near the border in Hasakah, Syria, October 3, 2019. REUTERS/Rodi Said",
            "Troops patrol near the border in Hasakah, Syria, October 3, 2019.",
            "REUTERS/Rodi Said",
        ),
        (
            "Image copyright Reuters Image caption Pro-Russian rebels are gaining in confidence",
            "Pro-Russian rebels are gaining in confidence",
            "Reuters",
        ),
    ],
)
def test_captions_with_credits_leave_the_body(
    rules: CleanupRules, line: str, caption: str, credit: str
) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}", rules, title="t")
    assert cleaned.text == BODY
    assert [(c.text, c.credit) for c in cleaned.captions] == [(caption, credit)]


def test_credit_line_takes_the_caption_above_it(rules: CleanupRules) -> None:
    caption = "Rescue workers search the rubble in Antakya, Turkey, on February 8."
    raw = f"{caption}\nKirill Kudryavtsev / AFP\n\n{BODY}"
    cleaned = clean_text(raw, rules, title="t")
    assert cleaned.text == BODY
    assert cleaned.captions[0].credit == "Kirill Kudryavtsev / AFP"


def test_credit_does_not_swallow_an_editorial_note(rules: CleanupRules) -> None:
    raw = f"{BODY}\n(Reporting by Will Dunham; Editing by Tom Brown)\n© Reuters"
    cleaned = clean_text(raw, rules, title="t")
    assert "(Reporting by Will Dunham; Editing by Tom Brown)" in cleaned.text
    assert cleaned.captions == []


def test_quote_source_at_paragraph_end_is_not_a_credit(rules: CleanupRules) -> None:
    line = "“Turkey vowed to press ahead with its offensive despite U.S. sanctions.” Reuters"
    cleaned = clean_text(f"{BODY}\n\n{line}", rules, title="t")
    assert line in cleaned.text


def test_repeated_captions_become_one(rules: CleanupRules) -> None:
    caption = "Smoke rises over Gaza City after an air strike on May 12, 2021."
    raw = "\n".join(
        [f"{caption} Photo: Mahmud Hams/AFP"] * 3 + [caption, "Photo: Mahmud Hams/AFP", "", BODY]
    )
    cleaned = clean_text(raw, rules, title="t")
    assert cleaned.text == BODY
    assert len(cleaned.captions) == 1


def test_repeats_of_long_paragraphs_are_dropped_but_short_lines_may_recur(
    rules: CleanupRules,
) -> None:
    question = "What inspired you to start cooking?"
    long_paragraph = " ".join([BODY] * 2)
    raw = "\n\n".join(
        [question, long_paragraph, question, "Something else happened.", long_paragraph]
    )
    cleaned = clean_text(raw, rules, title="t")
    assert cleaned.text.count(question) == 2
    assert cleaned.text.count(long_paragraph) == 1
    assert rules_of(cleaned) == ["duplicate"]


def test_headline_is_taken_when_no_title_is_given(rules: CleanupRules) -> None:
    cleaned = clean_text(f"Rebels Agree To Talks In Doha\n\n{BODY}", rules)
    assert cleaned.title == "Rebels Agree To Talks In Doha"
    assert cleaned.text == BODY


def test_first_sentence_is_not_mistaken_for_a_headline(rules: CleanupRules) -> None:
    cleaned = clean_text(f"{BODY}\n\nA second paragraph follows here.", rules)
    assert cleaned.title is None
    assert cleaned.text.startswith(BODY)


def test_known_title_repeated_in_the_body_is_dropped(rules: CleanupRules) -> None:
    cleaned = clean_text(f"Rebels agree to talks\n\n{BODY}", rules, title="Rebels Agree To Talks")
    assert cleaned.text == BODY
    assert rules_of(cleaned) == ["headline-repeat"]


def test_byline_near_the_top_is_dropped(rules: CleanupRules) -> None:
    cleaned = clean_text(f"By Jane Smith and John Doe\n\n{BODY}", rules, title="t")
    assert cleaned.text == BODY
    assert rules_of(cleaned) == ["byline"]


def test_broken_rules_file_names_the_problem() -> None:
    with pytest.raises(RulesError, match=r"custom\.toml"):
        parse_rules("[glyphs\ncharacters = 'x'", "custom.toml")
    with pytest.raises(RulesError, match="missing setting"):
        parse_rules("[glyphs]\ncharacters = 'x'\n", "custom.toml")


def test_near_repeat_of_the_title_is_dropped_but_a_lead_sentence_is_not(
    rules: CleanupRules,
) -> None:
    title = "Emotional Services Held At Charleston Church Days After Shootings"
    near = "Emotional Service Held At Charleston Church Days After Shootings"
    assert clean_text(f"{near}\n\n{BODY}", rules, title=title).text == BODY
    lead = "Services were held at the church on Sunday, days after the shootings in Charleston."
    assert clean_text(f"{lead}\n\n{BODY}", rules, title=title).text.startswith(lead)


def test_bbc_video_caption_and_reader_furniture(rules: CleanupRules) -> None:
    raw = (
        "Media playback is unsupported on your device Media caption Trump says talks may slip\n\n"
        f"{BODY}\n\nWrite to Jane Roe at jane.roe@example.com\n\nSend us your questions"
    )
    cleaned = clean_text(raw, rules, title="t")
    assert cleaned.text == BODY
    assert [c.text for c in cleaned.captions] == ["Trump says talks may slip"]
