"""Each named rule on a small hand-built page: its name is recorded, its line goes, the prose around stays."""
from __future__ import annotations

import re

import numpy as np
import pytest

from cleaner.extract.rules import LINE_RULES, SECTION_RULES, compile_rules, first_match
from cleaner.extract.text import clean_text

PROSE = ("Der Stadtrat hat am Dienstag nach langer und zeitweise hitziger Debatte mit großer Mehrheit beschlossen, "
         "die alte Brücke über den Fluss bis zum Herbst zu sanieren, weil Gutachter schwere Schäden an den "
         "Pfeilern gefunden hatten.")
PROSE_2 = ("Die Arbeiten sollen im Mai beginnen und rund zwei Millionen Euro kosten, wie ein Sprecher der "
           "Verwaltung auf Nachfrage sagte; der Verkehr wird solange über die Umgehungsstraße geleitet.")

LINE_CASES = [
    ("adblock:en", "Please disable your ad blocker to continue"),
    ("adblock:de", "Bitte deaktivieren Sie Ihren Adblocker."),
    ("read_more:de", "Weiterlesen ..."),
    ("read_more:fr", "Lire la suite"),
    ("read_more:pl", "Czytaj więcej"),
    ("widget_label:en", "Share this article"),
    ("widget_label:de", "Artikel teilen"),
    ("widget_label:fr", "Partager sur Facebook"),
    ("widget_label:es", "Síguenos en Twitter"),
    ("widget_label:it", "Torna su"),
    ("widget_label:nl", "Terug naar boven"),
    ("widget_label:pl", "Zaloguj się"),
    ("widget_label:pt", "Voltar ao topo"),
    ("copyright:any", "© 2024 Beispiel Verlag GmbH"),
    ("copyright:it", "Tutti i diritti riservati."),
    ("copyright:pl", "Wszelkie prawa zastrzeżone."),
    ("source_line:de", "Foto: Max Mustermann"),
    ("source_line:fr", "Crédit photo : AFP"),
    ("source_line:pl", "Fot. Jan Kowalski"),
    ("newsletter:en", "Sign up for our newsletter to get the latest news"),
    ("newsletter:nl", "Schrijf je in voor onze nieuwsbrief"),
    ("cookie_notice:de", "Diese Webseite verwendet Cookies, um Ihnen das beste Erlebnis zu bieten."),
    ("cookie_notice:fr", "Ce site utilise des cookies pour améliorer votre expérience."),
    ("cookie_notice:es", "Este sitio web utiliza cookies para mejorar su experiencia."),
    ("cookie_notice:en", "This website uses cookies to improve your experience while you navigate through the website. "
                         + " ".join(["These cookies will be stored in your browser only with your consent."] * 8)),
    ("cookie_notice:en", "Necessary cookies are absolutely essential for the website to function properly."),
    ("read_more:en", "READ MORE: Storm damage closes coastal road"),
    ("read_more:de", "Lesen Sie auch: Neue Schule im Norden eröffnet"),
    ("gallery:en", "Image 1 of 5"),
    ("gallery:de", "Bild 3 von 12"),
    ("source_line:en", "Protesters have worn masks to protect their identities (Image: GETTY )"),
    ("source_line:de", "Die Brücke am frühen Morgen (Foto: Max Mustermann)"),
    ("paywall:en", "To view the full story, please subscribe to The Harbour Times."),
    ("paywall:de", "Jetzt kostenlos registrieren und weiterlesen"),
    ("embed_notice:de", "Empfohlener redaktioneller Inhalt"),
    ("spam_notice:en", "This site uses Akismet to reduce spam. Learn how your comment data is processed."),
    ("spam_notice:de", "Diese Website verwendet Akismet, um Spam zu reduzieren."),
    ("reading_time:en", "4 min read"),
    ("reading_time:fr", "Temps de lecture : 3 min"),
    ("reading_time:pt", "5 min de leitura"),
    ("imprint:de", "Impressum"),
    ("imprint:fr", "Mentions légales"),
    ("imprint:es", "Aviso legal"),
]


@pytest.mark.parametrize("rule,line", LINE_CASES)
def test_line_rule_removes_its_line_and_keeps_the_prose(rule, line):
    result = clean_text(f"{PROSE}\n{line}\n{PROSE_2}\n", model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


def test_a_phrase_inside_a_sentence_is_not_a_rule_line():
    sentence = "Sie wollte den Artikel teilen, aber das Netz war an diesem Abend in der ganzen Stadt ausgefallen."
    assert clean_text(f"{PROSE}\n{sentence}\n", model=None).paragraphs == [PROSE, sentence]


@pytest.mark.parametrize("heading,rule", [("Lesen Sie auch:", "teaser_heading:de"),
                                          ("Related stories", "teaser_heading:en"),
                                          ("À lire aussi", "teaser_heading:fr"),
                                          ("Lees ook", "teaser_heading:nl"),
                                          ("Zobacz również", "teaser_heading:pl")])
def test_teaser_heading_after_the_article_removes_the_rest(heading, rule):
    page = f"{PROSE}\n{PROSE_2}\n{heading}\nStadt plant neuen Radweg\nFeuerwehr rückt zu Großbrand aus\n"
    result = clean_text(page, model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert [r.rule for r in result.removed] == [rule, "teaser_section", "teaser_section"]


def test_teaser_heading_before_the_article_removes_only_itself():
    result = clean_text(f"Lesen Sie auch:\n{PROSE}\n{PROSE_2}\n", model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert [r.rule for r in result.removed] == ["teaser_heading:de"]


def test_dateline_is_removed_under_its_name_for_the_date_annotator():
    result = clean_text(f"12.03.2024, 14:05 Uhr\n{PROSE}\n", model=None)
    assert result.paragraphs == [PROSE]
    assert [(r.rule, r.text) for r in result.removed] == [("dateline", "12.03.2024, 14:05 Uhr")]


def test_date_prefix_glued_to_the_first_line_is_cut():
    result = clean_text(f"date 2025-02 {PROSE}\n{PROSE_2}\n", model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert [(r.rule, r.text) for r in result.removed] == [("dateline_prefix", "date 2025-02")]


def test_keyword_line_in_the_head_is_removed_and_the_title_found():
    result = clean_text(f"Russland, USA, Ukraine\nStadtrat beschließt Sanierung der Brücke\n{PROSE}\n", model=None)
    assert result.title == "Stadtrat beschließt Sanierung der Brücke"
    assert result.paragraphs == [PROSE]
    assert [r.rule for r in result.removed] == ["keyword_line", "title"]


def test_known_title_is_removed_from_the_text():
    result = clean_text(f"Die Brücke wird saniert\n{PROSE}\n", "Die Brücke wird saniert", model=None)
    assert (result.title, result.paragraphs) == ("Die Brücke wird saniert", [PROSE])


def test_agency_credit_is_moved_to_credits():
    result = clean_text(f"{PROSE} (bg/dpa)\n(afp)\n{PROSE_2}\n", model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert result.credits == ["bg/dpa", "afp"]
    assert [r.rule for r in result.removed] == ["credit", "credit"]


def test_every_rule_table_compiles_to_concept_and_language_names():
    names = set(compile_rules(LINE_RULES).names + compile_rules(SECTION_RULES).names)
    for lang in ("fr", "es", "it", "nl", "pl", "pt"):
        for concept in ("read_more", "widget_label", "copyright", "source_line", "newsletter", "cookie_notice",
                        "reading_time", "imprint", "teaser_heading"):
            assert f"{concept}:{lang}" in names
    assert first_match(compile_rules(LINE_RULES), "Kommentare") == "widget_label:de"


def test_comments_heading_after_the_article_removes_the_comments():
    page = f"{PROSE}\n{PROSE_2}\nLeave a Reply\nGreat article, thanks!\nI disagree with the council.\n"
    result = clean_text(page, model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert [r.rule for r in result.removed] == ["comments_heading:en", "comments_section", "comments_section"]


def test_a_comments_heading_ends_the_article_even_when_the_comments_are_longer():
    comments = [PROSE.replace("Dienstag", day) for day in ("Mittwoch", "Donnerstag", "Freitag", "Samstag")]
    page = "\n".join([PROSE, PROSE_2, "[ 167 comments ]", "Top Rated Comments", *comments]) + "\n"
    result = clean_text(page, model=None)
    assert result.paragraphs == [PROSE, PROSE_2]
    assert [r.rule for r in result.removed] == ["comments_heading:en"] + ["comments_section"] * 5


def test_a_comment_counter_in_the_byline_removes_only_itself():
    more = [PROSE.replace("Dienstag", day) for day in ("Mittwoch", "Donnerstag", "Freitag")]
    menu = ["Politik", "Wirtschaft", "Kultur", "Sport", "Reise"]
    page = "\n".join([PROSE, *menu, "0 Comments", PROSE_2, *more]) + "\n"
    result = clean_text(page, model=None)
    assert result.paragraphs == [PROSE, *menu, PROSE_2, *more]
    assert [r.rule for r in result.removed] == ["comments_heading:en"]


def test_a_comment_counter_after_the_standfirst_removes_only_itself():
    article = [PROSE.replace("Brücke", f"Brücke Nummer {n}") for n in range(10)]
    page = "\n".join([PROSE, "12 Comments", *article]) + "\n"
    result = clean_text(page, model=None)
    assert result.paragraphs == [PROSE, *article]
    assert [r.rule for r in result.removed] == ["comments_heading:en"]


def test_a_related_box_before_most_of_the_article_removes_only_its_heading():
    more = [PROSE.replace("Dienstag", day) for day in ("Mittwoch", "Donnerstag", "Freitag")]
    page = "\n".join([PROSE, "Related articles", *more]) + "\n"
    result = clean_text(page, model=None)
    assert result.paragraphs == [PROSE, *more]
    assert [r.rule for r in result.removed] == ["teaser_heading:en"]


@pytest.mark.parametrize("line,rule", [("Advert", "widget_label:en"), ("Print this article", "widget_label:en"),
                                       ("By", "widget_label:en"), ("von", "widget_label:de"),
                                       ("Photo by Jane Doe/Getty Images", "source_line:en")])
def test_small_chrome_lines(line, rule):
    result = clean_text(f"{PROSE}\n{line}\n{PROSE_2}\n", model=None)
    assert (result.paragraphs, [r.rule for r in result.removed]) == ([PROSE, PROSE_2], [rule])


def example(items) -> str:
    """A short text a parsed pattern matches (first branch, fewest repeats, a class's first member)."""
    out = ""
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out += chr(arg)
        elif name == "IN":
            out += member(*arg[0])
        elif name == "ANY":
            out += "x"
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            out += example(arg[2]) * max(arg[0], 1 if str(arg[2][0][0]) == "ANY" else arg[0])
        elif name == "SUBPATTERN":
            out += example(arg[3])
        elif name == "BRANCH":
            out += example(arg[1][-1])
    return out


def member(kind, value) -> str:
    """A character of a class whose first member is this (x for a negated class or a non-space)."""
    kind, value = str(kind), value if str(kind) != "CATEGORY" else str(value)
    if kind == "LITERAL":
        return chr(value)
    if kind == "RANGE":
        return chr(value[0])
    return {"CATEGORY_DIGIT": "7", "CATEGORY_WORD": "w", "CATEGORY_SPACE": " "}.get(value, "x")


def every_first_match(table, line: str) -> str | None:
    """The rule a line gets, found the slow way: each pattern of the table tried alone, in table order."""
    for concept, by_lang in table.items():
        for lang, patterns in by_lang.items():
            if any(re.fullmatch(f"(?:{pattern})[\\s.:!]*", line, re.IGNORECASE) for pattern in patterns):
                return f"{concept}:{lang}"
    return None


def spellings(line: str) -> list[str]:
    """A line as written, in capitals and with the letters re equates with i and s (ı, İ, ſ) in it."""
    return [line, line.upper(), line.title(), line.replace("s", "ſ"), line.replace("i", "ı"), line.replace("i", "İ"),
            line.upper().replace("SS", "ẞ")]


def test_the_screen_finds_every_line_a_rule_names_in_any_spelling():
    """One screen pass over the lower-cased page finds the lines, whatever their case or odd letters (re's
    IGNORECASE equates ı and ſ with i and s, and lower() makes İ two characters): every rule's example line
    gets the name the patterns give it when tried one by one."""
    from cleaner.extract.text import LINE, SCREEN, SECTION
    from cleaner.extract.rules import match_lines, screen_lines, sre_parse
    lines = []
    for table in (LINE_RULES, SECTION_RULES):
        for by_lang in table.values():
            for patterns in by_lang.values():
                for pattern in patterns:
                    lines += spellings(example(sre_parse.parse(pattern, re.IGNORECASE)).strip())
    lines = [line for line in dict.fromkeys(lines) if line]
    for page in (lines, [line for line in lines if "İ" not in line]):   # lower() keeps the length of the second
        doc = "\n".join(page)
        starts = np.cumsum([0] + [len(line) + 1 for line in page[:-1]])
        screened = screen_lines(SCREEN, page, doc, doc.lower(), starts)
        for rules, table in ((LINE, LINE_RULES), (SECTION, SECTION_RULES)):
            expected = [every_first_match(table, line) for line in page]
            assert match_lines(rules, page, screened, doc.lower(), starts) == expected
        assert sum(map(bool, expected)) > 50


def test_lower_case_keeps_every_characters_length_and_class_but_one():
    """The screen reads the lower-cased page at the positions of the page as written, and \\w, \\d and \\s
    there: lower() must keep each character one character of the same classes (İ, the one exception, is read
    as i)."""
    changed = [char for char in map(chr, range(0x110000)) if len(char.lower()) != 1]
    assert changed == ["İ"]
    for char in map(chr, range(0x110000)):
        low = char.lower()
        if low != char and len(low) == 1:
            assert (char.isalnum(), char.isdecimal(), char.isspace()) == (low.isalnum(), low.isdecimal(), low.isspace())


@pytest.mark.parametrize("odd", ["", "İstanbul"])   # İ: lower() changes the page's length
def test_every_short_line_with_a_date_word_is_tried_as_a_dateline(odd):
    """maybe_datelines finds (at least) every short line that MAYBE_DATE finds something in: four digits of
    any script, 'ago' or 'vor' in any case."""
    from cleaner.extract.lines import LineTable
    from cleaner.extract.text import MAYBE_DATE, maybe_datelines
    lines = [odd, "Stand: 12.03.2024", "vor 2 Tagen", "3 HOURS AGO", "Olympia 2024", "١٢.٠٣.٢٠٢٤", "𝟐𝟎𝟐𝟒-03-12",
             "12 34", "no date here", "Vorwort", PROSE + " 2024", "Juli 2023"]
    lines = [line for line in lines if line]
    wanted = [i for i, line in enumerate(lines) if len(line) <= 100 and MAYBE_DATE.search(line)]
    assert len(wanted) == 7
    assert set(wanted) <= set(maybe_datelines(LineTable.of(lines)))


def test_a_dateline_in_other_digits_is_removed_as_one():
    result = clean_text(f"١٢.٠٣.٢٠٢٤\n{PROSE}\n", model=None)
    assert [(r.rule, r.text) for r in result.removed] == [("dateline", "١٢.٠٣.٢٠٢٤")]
