"""Chrome vocabulary as named data, grouped by concept and language.

Every pattern is matched case-insensitively against a whole line (white space folded). A rule's name is
`concept:lang`, and that name is what `removed` records and `cleaner show` prints. Add a phrase by adding a
string here; no code changes. `any` holds patterns that are not words of one language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Lines removed wherever they stand.
LINE_RULES: dict[str, dict[str, list[str]]] = {
    "adblock": {
        "en": [r"adblock test \(why\?\)", r"(please )?(disable|turn off|deactivate) (your )?ad ?blocker.*",
               r"we noticed you'?re using an ad ?blocker.*"],
        "de": [r"(bitte )?(deaktivieren|schalten) sie (ihren|den) ad-?blocker.*", r"ad-?blocker (erkannt|entdeckt).*"],
    },
    "read_more": {
        "en": [r"read (the )?(full|whole|entire) (article|story)", r"read more( \.\.\.|…)?", r"continue reading.{0,40}",
               r"(click|tap) here to read more.*"],
        "de": [r"(den )?gesamten artikel lesen", r"ganzen artikel lesen", r"(mehr )?weiterlesen( ?\.\.\.|…)?",
               r"mehr lesen", r"artikel lesen", r"zum artikel", r"mehr dazu"],
        "fr": [r"lire la suite.*", r"lire l'article"],
        "es": [r"leer (más|el artículo completo)", r"seguir leyendo"],
        "it": [r"leggi (tutto|di più|l'articolo)"],
        "nl": [r"lees (meer|verder|het hele artikel)"],
        "pl": [r"czytaj (więcej|dalej)"],
        "pt": [r"leia (mais|também)", r"continue lendo"],
    },
    "widget_label": {
        "en": [r"my news", r"share( this( article| story)?)?( on \w+)?", r"tweet", r"print", r"e-?mail", r"comments?",
               r"save( article)?", r"bookmark", r"advertisement", r"sponsored( content)?", r"skip to (main )?content",
               r"(sign|log) ?in", r"subscribe( now)?", r"menu", r"search", r"close", r"back to top"],
        "de": [r"meine news", r"teilen", r"drucken", r"merken", r"kommentare?", r"anzeige", r"werbung",
               r"zum inhalt springen", r"anmelden", r"abonnieren", r"suche", r"schließen", r"nach oben",
               r"artikel (teilen|merken|drucken)", r"mehr zum thema:?"],
        "fr": [r"partager", r"imprimer", r"publicité"],
        "es": [r"compartir", r"imprimir", r"publicidad"],
        "it": [r"condividi", r"stampa", r"pubblicità"],
        "nl": [r"delen", r"advertentie"],
        "pl": [r"udostępnij", r"reklama", r"drukuj"],
        "pt": [r"compartilhe?", r"publicidade"],
    },
    "copyright": {
        "any": [r"(©|\(c\)|copyright\b).{0,200}", r".{0,200}\ball rights (are )?reserved\b.{0,100}"],
        "de": [r".{0,200}\balle rechte vorbehalten\b.{0,100}"],
        "fr": [r".{0,200}\btous droits réservés\b.{0,100}"],
        "es": [r".{0,200}\btodos los derechos reservados\b.{0,100}"],
        "it": [r".{0,200}\btutti i diritti riservati\b.{0,100}"],
        "nl": [r".{0,200}\balle rechten voorbehouden\b.{0,100}"],
        "pt": [r".{0,200}\btodos os direitos reservados\b.{0,100}"],
    },
    "source_line": {
        "any": [r"@ ?[\w-]+(\.[\w-]+)*\.[a-z]{2,6}"],
        "de": [r"quelle: .{1,80}", r"(foto|bild|grafik): .{1,80}"],
        "en": [r"source: .{1,80}", r"(photo|image|picture)( credit)?: .{1,80}"],
    },
    "newsletter": {
        "en": [r".{0,80}\b(sign up|subscribe) (for|to) (our|the) newsletter.{0,80}", r"newsletter"],
        "de": [r".{0,80}\bnewsletter (abonnieren|bestellen).{0,80}", r"newsletter"],
    },
    "cookie_notice": {
        "en": [r".{0,200}\b(we|this (web)?site) uses? cookies\b.{0,300}", r"accept (all )?cookies"],
        "de": [r".{0,200}\b(wir verwenden|diese (web)?seite verwendet|nutzt) cookies\b.{0,300}",
               r"(alle )?cookies akzeptieren"],
    },
    "reading_time": {
        "en": [r"(reading time:? )?\d+ min(ute)?s? read"],
        "de": [r"(lesezeit:? )?(ca\. )?\d+ min(uten)?( lesezeit)?"],
    },
}

# Headings that open a list of other articles: the heading and everything after it go, once the article
# has begun (before it, only the heading line goes).
SECTION_RULES: dict[str, dict[str, list[str]]] = {
    "teaser_heading": {
        "de": [r"weitere meldungen", r"weitere nachrichten", r"weitere artikel", r"das könnte sie auch interessieren",
               r"auch interessant", r"lesen sie auch:?", r"verwandte artikel", r"ähnliche artikel",
               r"mehr aus dem ressort", r"meistgelesen", r"top-?themen", r"empfehlungen der redaktion"],
        "en": [r"related (articles|stories|posts|news|coverage)", r"more (stories|news|headlines)( from .{1,40})?",
               r"you (may|might) also like", r"recommended( for you)?", r"trending( now)?",
               r"most (read|popular|viewed)", r"also read", r"read next", r"more on this story"],
        "fr": [r"à lire aussi", r"sur le même sujet", r"articles similaires"],
        "es": [r"noticias relacionadas", r"te puede interesar", r"lo más leído"],
        "it": [r"articoli correlati", r"potrebbe interessarti"],
        "nl": [r"gerelateerde artikelen", r"meer nieuws"],
        "pl": [r"zobacz (też|także)", r"czytaj także"],
        "pt": [r"notícias relacionadas", r"veja também", r"leia também"],
    },
}

# Agency and author credits, moved out of the text into `credits`.
CREDIT_PATTERN = (r"\((?P<credit>(?:[a-zäöü]{1,4}/)*(?:dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp|dts|"
                  r"afx|rtr|ots|[a-zäöü]{2,4}/[a-zäöü]{2,5}))\)")


@dataclass(frozen=True)
class CompiledRule:
    """One named rule: a regex over a folded line."""

    name: str
    pattern: re.Pattern


def compile_rules(table: dict[str, dict[str, list[str]]]) -> tuple[CompiledRule, ...]:
    """Compile a concept -> language -> patterns table into named whole-line rules."""
    return tuple(CompiledRule(f"{concept}:{lang}", re.compile("(?:" + "|".join(patterns) + r")[\s.:!]*",
                                                                re.IGNORECASE))
                 for concept, by_lang in table.items() for lang, patterns in by_lang.items())


def first_match(rules: tuple[CompiledRule, ...], line: str) -> str | None:
    """Name of the first rule that matches the whole (folded) line, or None."""
    for rule in rules:
        if rule.pattern.fullmatch(line):
            return rule.name
    return None
