"""Chrome vocabulary as named data, grouped by concept and language.

Every pattern is matched case-insensitively against a whole line (white space folded). A rule's name is
`concept:lang`, and that name is what `removed` records and `cleaner show` prints. Add a phrase by adding a
string here; no code changes. `any` holds patterns that are not words of one language.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Iterator

import numpy as np

try:  # Python 3.11+
    import re._parser as sre_parse
    from re._casefix import _EXTRA_CASES as CASE_FIXES   # lower-case code -> the other codes re equates with it
except ImportError:  # pragma: no cover
    import sre_parse
    from sre_compile import _ignorecase_fixes as CASE_FIXES

# Lines removed wherever they stand.
LINE_RULES: dict[str, dict[str, list[str]]] = {
    "adblock": {
        "en": [r"adblock test \(why\?\)", r"(please )?(disable|turn off|deactivate) (your )?ad ?blocker.*",
               r"we noticed you'?re using an ad ?blocker.*"],
        "de": [r"(bitte )?(deaktivieren|schalten) sie (ihren|den) ad-?blocker.*", r"ad-?blocker (erkannt|entdeckt).*"],
    },
    "read_more": {   # also a link to another story inline: "READ MORE: Headline", "Lesen Sie auch: Headline"
        "en": [r"read (the )?(full|whole|entire) (article|story)", r"read more( \.\.\.|…)?", r"continue reading.{0,40}",
               r"(click|tap) here to read more.*", r"(read|see) (more|also|next): .{1,200}", r"related: .{1,200}"],
        "de": [r"(den )?gesamten artikel lesen", r"ganzen artikel lesen", r"(mehr )?weiterlesen( ?\.\.\.|…)?",
               r"mehr lesen", r"artikel lesen", r"zum artikel", r"mehr dazu", r"(lesen sie )?(auch|mehr): .{1,200}"],
        "fr": [r"lire la suite.*", r"lire l'article", r"(à )?lire aussi ?: .{1,200}"],
        "es": [r"leer (más|el artículo completo)", r"seguir leyendo", r"(lea|lee) también: .{1,200}"],
        "it": [r"leggi (tutto|di più|l'articolo)", r"leggi anche: .{1,200}"],
        "nl": [r"lees (meer|verder|het hele artikel)", r"lees ook: .{1,200}"],
        "pl": [r"czytaj (więcej|dalej)", r"(czytaj|zobacz) (też|także|również): .{1,200}"],
        "pt": [r"leia (mais|também)", r"continue lendo", r"(leia|veja) também: .{1,200}"],
    },
    "gallery": {   # a picture gallery's counter
        "en": [r"(image|photo|picture|slide) \d+ (of|/) \d+"],
        "de": [r"(bild|foto) \d+ (von|/) \d+"],
        "fr": [r"(image|photo|diapositive) \d+ (sur|/) \d+"],
        "es": [r"(imagen|foto) \d+ (de|/) \d+"],
        "it": [r"(immagine|foto) \d+ (di|/) \d+"],
        "nl": [r"(afbeelding|foto) \d+ (van|/) \d+"],
        "pl": [r"(zdjęcie|foto) \d+ (z|/) \d+"],
        "pt": [r"(imagem|foto) \d+ (de|/) \d+"],
    },
    "widget_label": {
        "en": [r"my news", r"share( this( article| story)?)?( on \w+)?", r"tweet", r"print( this (article|page|story))?",
               r"e-?mail", r"comments?", r"advert", r"by",
               r"save( article)?", r"bookmark", r"advertisement", r"sponsored( content)?", r"skip to (main )?content",
               r"(sign|log) ?in", r"subscribe( now)?", r"menu", r"search", r"close", r"back to top"],
        "de": [r"meine news", r"teilen", r"von", r"drucken", r"merken", r"kommentare?", r"anzeige", r"werbung",
               r"zum inhalt springen", r"anmelden", r"abonnieren", r"suche", r"schließen", r"nach oben",
               r"artikel (teilen|merken|drucken)", r"mehr zum thema:?"],
        "fr": [r"partager( (sur|l'article) ?\w*)?", r"imprimer", r"publicité", r"commentaires?", r"menu",
               r"rechercher?", r"fermer", r"(se )?connecter", r"connexion", r"s'abonner", r"abonnez-vous",
               r"retour en haut( de (la )?page)?", r"aller au contenu( principal)?", r"suivez-nous( sur \w+)?",
               r"envoyer par e-?mail", r"réagir", r"accueil"],
        "es": [r"compartir( en \w+)?", r"imprimir", r"publicidad", r"comentarios?", r"menú", r"buscar", r"cerrar",
               r"(iniciar sesión|acceder|entrar)", r"suscríbete( ahora)?", r"suscribirse", r"volver arriba",
               r"ir al contenido( principal)?", r"síguenos( en \w+)?", r"enviar por (e-?mail|correo)", r"inicio"],
        "it": [r"condividi( su \w+)?", r"stampa", r"pubblicità", r"commenti", r"commenta", r"menu", r"cerca",
               r"chiudi", r"accedi", r"registrati", r"abbonati( ora)?", r"torna su", r"vai al contenuto",
               r"seguici( su \w+)?", r"invia per e-?mail", r"pubblicità - continua a leggere sotto"],
        "nl": [r"delen( op \w+)?", r"advertentie", r"reacties?", r"reageer", r"menu", r"zoeken", r"sluiten",
               r"inloggen", r"log in", r"abonneren", r"word abonnee", r"terug naar boven", r"naar de inhoud",
               r"volg ons( op \w+)?", r"printen", r"afdrukken"],
        "pl": [r"udostępnij( na \w+)?", r"reklama", r"drukuj", r"komentarze?", r"skomentuj", r"menu", r"szukaj",
               r"zamknij", r"zaloguj( się)?", r"zarejestruj( się)?", r"subskrybuj", r"do góry",
               r"przejdź do (treści|zawartości)", r"obserwuj nas( na \w+)?", r"wyślij e-?mailem"],
        "pt": [r"compartilhe?( no \w+)?", r"partilhar", r"publicidade", r"coment[áa]rios?", r"menu", r"buscar",
               r"pesquisar", r"fechar", r"entrar", r"assine( já)?", r"inscreva-se", r"voltar ao topo",
               r"ir para o conteúdo", r"siga-nos( no \w+)?", r"imprimir", r"enviar por e-?mail"],
    },
    "copyright": {
        "any": [r"(©|\(c\)|copyright\b).{0,200}", r".{0,200}\ball rights (are )?reserved\b.{0,100}"],
        "de": [r".{0,200}\balle rechte vorbehalten\b.{0,100}"],
        "fr": [r".{0,200}\btous droits réservés\b.{0,100}"],
        "es": [r".{0,200}\btodos los derechos reservados\b.{0,100}"],
        "it": [r".{0,200}\btutti i diritti riservati\b.{0,100}"],
        "nl": [r".{0,200}\balle rechten voorbehouden\b.{0,100}"],
        "pt": [r".{0,200}\btodos os direitos reservados\b.{0,100}"],
        "pl": [r".{0,200}\bwszelkie prawa zastrzeżone\b.{0,100}"],
    },
    "imprint": {
        "de": [r"impressum", r"datenschutz(erklärung)?", r"kontakt", r"agb", r"mediadaten"],
        "en": [r"privacy policy", r"terms (of (use|service)|and conditions)", r"contact us", r"about us",
               r"cookie (policy|settings)"],
        "fr": [r"mentions légales", r"politique de confidentialité", r"nous contacter", r"cgu", r"qui sommes-nous"],
        "es": [r"aviso legal", r"política de (privacidad|cookies)", r"contacto", r"quiénes somos"],
        "it": [r"note legali", r"privacy policy", r"contatti", r"chi siamo", r"informativa (sulla )?privacy"],
        "nl": [r"colofon", r"privacybeleid", r"privacyverklaring", r"contact", r"over ons", r"disclaimer"],
        "pl": [r"polityka prywatności", r"regulamin", r"kontakt", r"o nas"],
        "pt": [r"política de privacidade", r"termos de uso", r"contato", r"contacto", r"quem somos"],
    },
    "source_line": {   # also a picture's caption that ends in its credit: "Protesters in the street (Image: Getty)"
        "any": [r"@ ?[\w-]+(\.[\w-]+)*\.[a-z]{2,6}"],
        "de": [r"quelle: .{1,80}", r"(foto|bild|grafik): .{1,80}", r".{0,300}\(foto: ?[^()]{1,60}\)",
               r".{0,300}\(bild: ?[^()]{1,60}\)", r".{0,300}\(grafik: ?[^()]{1,60}\)"],
        "en": [r"source: .{1,80}", r"(photo|image|picture)( credit)?: .{1,80}", r"(photo|image|picture) by .{1,80}",
               r".{0,300}\(photo( credit)?: ?[^()]{1,60}\)", r".{0,300}\(image( credit)?: ?[^()]{1,60}\)",
               r".{0,300}\(picture( credit)?: ?[^()]{1,60}\)"],
        "fr": [r"source ?: .{1,80}", r"(photo|crédit photo|image) ?: .{1,80}", r".{0,300}\(photo ?: ?[^()]{1,60}\)",
               r".{0,300}\(crédit photo ?: ?[^()]{1,60}\)"],
        "es": [r"fuente: .{1,80}", r"(foto|imagen|fotografía): .{1,80}", r".{0,300}\(foto: ?[^()]{1,60}\)",
               r".{0,300}\(imagen: ?[^()]{1,60}\)"],
        "it": [r"fonte: .{1,80}", r"(foto|immagine|credit foto): .{1,80}", r".{0,300}\(foto: ?[^()]{1,60}\)",
               r".{0,300}\(immagine: ?[^()]{1,60}\)"],
        "nl": [r"bron: .{1,80}", r"(foto|beeld|afbeelding): .{1,80}", r".{0,300}\(foto: ?[^()]{1,60}\)",
               r".{0,300}\(beeld: ?[^()]{1,60}\)"],
        "pl": [r"źródło: .{1,80}", r"(fot\.|foto:|zdjęcie:) .{1,80}", r".{0,300}\(fot(\.|o:) ?[^()]{1,60}\)"],
        "pt": [r"fonte: .{1,80}", r"(foto|imagem|créditos?): .{1,80}", r".{0,300}\(foto: ?[^()]{1,60}\)",
               r".{0,300}\(imagem: ?[^()]{1,60}\)"],
    },
    "newsletter": {
        "en": [r".{0,80}\b(sign up|subscribe) (for|to) (our|the) newsletter.{0,80}", r"newsletter"],
        "de": [r".{0,80}\bnewsletter (abonnieren|bestellen).{0,80}", r"newsletter"],
        "fr": [r".{0,80}\b(inscrivez-vous|abonnez-vous) à (notre|la) newsletter.{0,80}",
               r".{0,80}\brecevez (notre|la) newsletter.{0,80}"],
        "es": [r".{0,80}\b(suscríbete|suscribete|apúntate) a (nuestro|nuestra|el|la) (newsletter|boletín).{0,80}"],
        "it": [r".{0,80}\biscriviti alla (nostra )?newsletter.{0,80}"],
        "nl": [r".{0,80}\b(schrijf je in|meld je aan) voor (onze|de) nieuwsbrief.{0,80}", r"nieuwsbrief"],
        "pl": [r".{0,80}\b(zapisz się|zapisz sie) (do|na) (naszego )?newslett?era?.{0,80}", r"newsletter"],
        "pt": [r".{0,80}\b(assine|inscreva-se (em|na)) (a )?(nossa )?newsletter.{0,80}"],
    },
    "cookie_notice": {
        "en": [r".{0,200}\b(we|this (web)?site) uses? cookies\b.{0,1000}", r"accept (all )?cookies",
               r".{0,100}\bnecessary cookies are .{0,400}"],
        "de": [r".{0,200}\b(wir verwenden|diese (web)?seite verwendet|nutzt) cookies\b.{0,300}",
               r"(alle )?cookies akzeptieren"],
        "fr": [r".{0,200}\b(ce site|nous) utilis(e|ons) (des )?cookies\b.{0,300}", r"(tout )?accepter( les cookies)?",
               r"paramétrer les cookies"],
        "es": [r".{0,200}\b(este sitio|utilizamos|usamos) (web )?(utiliza )?cookies\b.{0,300}",
               r"aceptar( todas)?( las)? cookies", r"configurar cookies"],
        "it": [r".{0,200}\b(questo sito|utilizziamo|usiamo) (utilizza )?(i )?cookie\b.{0,300}", r"accetta( tutti)?( i cookie)?"],
        "nl": [r".{0,200}\b(deze (web)?site|wij) (gebruikt|gebruiken) cookies\b.{0,300}",
               r"(alle )?cookies accepteren", r"akkoord"],
        "pl": [r".{0,200}\b(ta strona|serwis|strona) (używa|wykorzystuje) (plików )?cookies?\b.{0,300}",
               r"akceptuj(ę)?( wszystkie)?( cookies)?"],
        "pt": [r".{0,200}\b(este site|utilizamos|usamos) (utiliza )?cookies\b.{0,300}", r"aceitar( todos)?( os)? cookies"],
    },
    "reading_time": {
        "en": [r"(reading time:? )?\d+ min(ute)?s? read"],
        "de": [r"(lesezeit:? )?(ca\. )?\d+ min(uten)?( lesezeit)?"],
        "fr": [r"(temps de lecture ?:? )?\d+ min(utes)?( de lecture)?"],
        "es": [r"(tiempo de lectura:? )?\d+ min(utos)?( de lectura)?"],
        "it": [r"(tempo di lettura:? )?\d+ min(uti)?( di lettura)?"],
        "nl": [r"(leestijd:? )?\d+ min(uten)?( leestijd| lezen)?"],
        "pl": [r"(czas czytania:? )?\d+ min(ut)?( czytania)?"],
        "pt": [r"(tempo de leitura:? )?\d+ min(utos)?( de leitura)?"],
    },
    "paywall": {   # the prompt that stands where a paywalled article stops
        "en": [r".{0,100}\b(subscribe|sign in|log in|register)\b.{0,60} for the full (story|article).{0,150}",
               r".{0,60}\bto (view|read) the full (story|article),? (please )?(subscribe|sign in|log in)\b.{0,100}"],
        "de": [r".{0,60}\b(kostenlos )?(registrieren|anmelden|abonnieren) und weiterlesen.{0,60}",
               r"(hier|jetzt) (kostenlos )?(registrieren|anmelden|abonnieren)"],
    },
    "embed_notice": {   # a placeholder for a blocked external embed (video, post, map)
        "en": [r"this (content|embed) is (blocked|not available|hosted by a third party).{0,200}"],
        "de": [r"empfohlener redaktioneller inhalt", r".{0,100}\ban dieser stelle finden sie (einen )?externen inhalt.{0,300}",
               r"externe?r? inhalte? (laden|anzeigen|erlauben)"],
    },
    "spam_notice": {   # the comment form's anti-spam line (WordPress: Akismet)
        "en": [r"this site uses akismet to reduce spam.{0,100}"],
        "de": [r"diese website verwendet akismet, um spam zu reduzieren.{0,100}"],
        "fr": [r"ce site utilise akismet pour réduire les indésirables.{0,100}"],
        "es": [r"este sitio usa akismet para reducir el spam.{0,100}"],
        "it": [r"questo sito usa akismet per ridurre lo spam.{0,100}"],
        "nl": [r"deze site gebruikt akismet om spam te verminderen.{0,100}"],
        "pl": [r"ta witryna wykorzystuje akismet, aby ograniczyć spam.{0,100}"],
        "pt": [r"este site utiliza o akismet para reduzir spam.{0,100}"],
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
               r"most (read|popular|viewed)", r"also read", r"read next", r"more on this story",
               r"latest (headlines|news|stories|articles|posts)", r"related( (content|reading|links|topics))?",
               r"related (roundup|coverage)(: .{1,60})?", r"top stories", r"editor'?s'? picks",
               r"popular (now|stories|posts)", r"what to read next", r"more from .{1,40}", r"around the web"],
        "fr": [r"à lire aussi", r"lire aussi", r"sur le même sujet", r"articles similaires", r"les plus lus",
               r"vous aimerez aussi", r"dans la même rubrique", r"à découvrir aussi", r"articles liés"],
        "es": [r"noticias relacionadas", r"te puede interesar", r"lo más leído", r"artículos relacionados",
               r"también te puede interesar", r"más noticias", r"lo más visto"],
        "it": [r"articoli correlati", r"potrebbe interessarti", r"ti potrebbe interessare", r"i più letti",
               r"leggi anche", r"altre notizie", r"notizie correlate"],
        "nl": [r"gerelateerde artikelen", r"meer nieuws", r"lees ook", r"meest gelezen", r"ook interessant",
               r"gerelateerd"],
        "pl": [r"zobacz (też|także|również)", r"czytaj (także|też|również)", r"najczęściej czytane",
               r"podobne artykuły", r"polecamy"],
        "pt": [r"notícias relacionadas", r"veja também", r"leia também", r"mais lidas", r"artigos relacionados",
               r"você também pode gostar"],
    },
}

# Comment sections: the heading and everything after it go once the article has begun (as teasers do).
SECTION_RULES["comments_heading"] = {   # a count may stand in brackets: "[ 167 comments ]"
    "en": [r"\[? ?\d+ comments? ?\]?", r"comments? \(\d+\)", r"(top rated |reader |all )?comments",
           r"(leave|post|add) a (comment|reply)", r"join the (discussion|conversation)", r"share your thoughts.{0,40}",
           r"show comments"],
    "de": [r"\[? ?\d+ kommentare? ?\]?", r"kommentare? \(\d+\)", r"(leser)?kommentare",
           r"(schreiben sie einen|ihr) kommentar", r"diskutieren sie mit", r"kommentar (schreiben|verfassen)"],
    "fr": [r"\[? ?\d+ commentaires? ?\]?", r"commentaires? \(\d+\)", r"commentaires",
           r"(laisser|ajouter|écrire) un commentaire", r"réagissez"],
    "es": [r"\[? ?\d+ comentarios? ?\]?", r"comentarios? \(\d+\)", r"comentarios",
           r"(deja|escribe|añade) (un|tu) comentario"],
    "it": [r"\[? ?\d+ commenti ?\]?", r"commenti \(\d+\)", r"commenti", r"lascia un commento", r"scrivi un commento"],
    "nl": [r"\[? ?\d+ reacties? ?\]?", r"reacties? \(\d+\)", r"reacties",
           r"(laat een|plaats een|schrijf een) reactie( achter)?"],
    "pl": [r"\[? ?\d+ komentarzy ?\]?", r"komentarze \(\d+\)", r"komentarze", r"(dodaj|napisz) komentarz"],
    "pt": [r"\[? ?\d+ comentários? ?\]?", r"comentários? \(\d+\)", r"comentários",
           r"(deixe|escreva) (um|seu) comentário"],
}

# Agency and author credits, moved out of the text into `credits`.
CREDIT_PATTERN = (r"\((?P<credit>(?:[a-zäöü]{1,4}/)*(?:dpa|afp|ap|reuters|kna|epd|sid|apa|sda|ddp|dts|"
                  r"afx|rtr|ots|[a-zäöü]{2,4}/[a-zäöü]{2,5}))\)")


CONTAINS = re.compile(r"\.\{0,\d+\}(?P<core>.+?)(?:\.\{0,\d+\})?")  # '.{0,200}phrase.{0,100}': a phrase inside
LINE_END = r"[\s.:!]*"   # trailing punctuation a whole-line pattern may carry
# What LINE_END matches, for str.rstrip: white space as re's \s knows it (str.isspace; none past U+3000) and .:!
LINE_END_CHARS = "".join(chr(code) for code in range(0x3001) if chr(code).isspace()) + ".:!"
DOC_LINE_END = r"(?:[^\S\n]|[.:!])*(?=\n)"   # LINE_END inside a document: up to the line's end, never past it
TRIE_FAN = 32   # most alternatives a pattern's start is spread into (by hand: the rule tables need 8 at most)
PROBE_PREFIX = 5   # key words sharing this long a prefix are searched for as one (by hand: 'suscr' for two)
TRIE_DEPTH = 3  # characters a screen's trie branches on (eval dumps: 1 0.069, 2 0.058, 3 0.051, all 0.051 ms/page)
CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
              "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
BOUNDARIES = {"AT_BOUNDARY": r"\b", "AT_NON_BOUNDARY": r"\B"}


@dataclass(frozen=True)
class RuleSet:
    """Named whole-line rules compiled for speed. A line is named by the regex of its first character's group
    of plain patterns (a named group per pattern, in table order); a screen (compile_screen) picks the lines
    worth naming. Patterns '.{0,N}phrase.{0,M}' are tried only on lines holding the phrase's key word."""

    names: tuple[str, ...]
    by_first: MappingProxyType      # first character, lower case -> regex of the plain patterns that can start so
    any_first: re.Pattern           # the plain patterns that can start with anything (lines of no group)
    every: re.Pattern               # every plain pattern (a line whose first character lowers to two)
    probes: tuple[tuple[str, str], ...]   # a line holding none of these texts matches no '.{0,N}phrase.{0,M}'
                                    # pattern; with each, a character of it to look for first ("": none)
    always: bool                     # some phrase has no key word: try those patterns on every line
    contains: tuple[tuple[int, re.Pattern, int, tuple[str, ...] | None], ...]   # rule index, regex, longest match
                                    # before LINE_END, its key words (a line holding none is not tried; None: try all)
    folds: MappingProxyType         # a character re's IGNORECASE equates with a key word's letter -> the letter the
                                    # key words are written with (ı: i), for the key-word search on lower-cased text


@dataclass(frozen=True)
class Screen:
    """One regex over a whole document for the lines that some plain pattern of some rule tables may match
    whole: every such line and maybe a few more (plain_index names them exactly). Its alternatives form a trie
    over their first characters, matched case-sensitively against the lower-cased document, where re skips an
    alternative by its first character at once (it cannot when ignoring case)."""

    regex: re.Pattern       # over "\n" + the lower-cased lines joined by "\n" + "\n": matches at the "\n" before a line
    folds: MappingProxyType  # a character re's IGNORECASE equates with a letter of the patterns -> that letter (ı: i)


DIGIT = r"\d"   # first_chars' item for "any decimal digit" (the pattern starts with \d)


def folds(code: int) -> str:
    """The lower case of a character and the lower-case letters re's IGNORECASE equates with it (i: ı, s: ſ)."""
    low = chr(code).lower()
    low = low if len(low) == 1 else chr(code)
    others = CASE_FIXES.get(ord(low))
    return low + "".join(map(chr, others)) if others else low


def folded(code: int) -> str:
    """The one letter a screen reads for a character and every other that folds equates with it (ı, i: i):
    the least letter of them."""
    chars = folds(code)
    return chars if len(chars) == 1 else min(chars, key=lambda char: (not char.isalnum(), char))


def fold_table(codes: Iterable[int]) -> dict[str, str]:
    """Each character re's IGNORECASE equates with one of codes -> the letter a screen or key word reads for
    them all (ı: i, ſ: s), in character order; characters that read as themselves are left out."""
    table = {char: folded(code) for code in set(codes) for char in folds(code)}
    return {char: letter for char, letter in sorted(table.items()) if char != letter}


def first_chars(pattern: str) -> frozenset[str] | None:
    """The lower-case characters (with their folds) a match of pattern can start with (DIGIT for any digit), or
    None when it can start with anything."""
    def of(items) -> tuple[set[str] | None, bool]:
        chars: set[str] = set()
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                return chars | set(folds(arg)), False
            if name == "AT":
                continue
            if name == "SUBPATTERN":
                inner, nullable = of(arg[-1])
            elif name == "BRANCH":
                parts = [of(branch) for branch in arg[1]]
                if any(part is None for part, _ in parts):
                    return None, False
                inner, nullable = set().union(*(part for part, _ in parts)), any(n for _, n in parts)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                inner, nullable = of(arg[2])
                nullable = nullable or arg[0] == 0
            elif name == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
                inner, nullable = {char for _, code in arg for char in folds(code)}, False
            elif name == "IN" and [(str(o), str(a)) for o, a in arg] == [("CATEGORY", "CATEGORY_DIGIT")]:
                inner, nullable = {DIGIT}, False
            else:
                return None, False
            if inner is None:
                return None, False
            chars |= inner
            if not nullable:
                return chars, False
        return chars, True
    chars, nullable = of(sre_parse.parse(pattern, re.IGNORECASE))
    return None if chars is None or nullable else frozenset(chars)


def plain_patterns(table: dict[str, dict[str, list[str]]]) -> list[tuple[int, str]]:
    """The rule index and source of each plain pattern of a table (not '.{0,N}phrase.{0,M}'), in table order."""
    found = []
    for index, patterns in enumerate(patterns for by_lang in table.values() for patterns in by_lang.values()):
        found += [(index, pattern) for pattern in patterns if not CONTAINS.fullmatch(pattern)]
    return found


def compile_rules(table: dict[str, dict[str, list[str]]]) -> RuleSet:
    """Compile a concept -> language -> patterns table into named rules `concept:lang`."""
    names = [f"{concept}:{lang}" for concept, by_lang in table.items() for lang in by_lang]
    plain = [(index, pattern, first_chars(pattern)) for index, pattern in plain_patterns(table)]
    contains, cores = [], []
    for index, patterns in enumerate(patterns for by_lang in table.values() for patterns in by_lang.values()):
        for pattern in patterns:
            if match := CONTAINS.fullmatch(pattern):
                contains.append((index, re.compile(f"(?:{pattern}){LINE_END}", re.IGNORECASE), width(pattern)))
                cores.append(match.group("core"))
    starts = sorted({char for _, _, chars in plain if chars for char in chars} - {DIGIT})

    def named(chosen: list[tuple[int, str]]) -> re.Pattern:
        return re.compile("|".join(f"(?P<r{index}_{k}>(?:{pattern}){LINE_END})" for k, (index, pattern) in
                                   enumerate(chosen)) or "(?!)", re.IGNORECASE)

    def can_start(chars: frozenset[str] | None, char: str) -> bool:
        return chars is None or char in chars or (DIGIT in chars and char.isdecimal())

    by_first = {char: named([(i, p) for i, p, chars in plain if can_start(chars, char)]) for char in starts}
    fold = {char: folded(ord(char)) for core in cores for char in core if len(folds(ord(char))) > 1}
    words = [key_words(sre_parse.parse(core.translate(str.maketrans(fold)), re.IGNORECASE)) for core in cores]
    contains = [(*entry, own) for entry, own in zip(contains, words)]
    found = {w for ws in words if ws for w in ws}
    found = {w for w in found if not any(other != w and other in w for other in found)}   # "cookie" covers "cookies"
    others = {char: letter for letter in set(fold.values()) for char in folds(ord(letter)) if char != letter}
    return RuleSet(tuple(names), MappingProxyType(by_first),
                   named([(i, p) for i, p, chars in plain if chars is None or DIGIT in chars]),
                   named([(i, p) for i, p, _ in plain]), probes(found), None in words, tuple(contains),
                   MappingProxyType(dict(sorted(others.items()))))


def key_text(rules: RuleSet, text: str, lowered: bool = False) -> str:
    """text lower-cased (unless it is already) as the key words are written (one character for one: İ read as i),
    and the letters re equates with a key word's letter (ı, ſ) written as that letter."""
    if not lowered:
        text = text.replace("İ", "i").lower()
    if any(map(text.__contains__, rules.folds)):
        text = text.translate(str.maketrans(dict(rules.folds)))
    return text


def probes(words: set[str]) -> tuple[tuple[str, str], ...]:
    """The texts to search a page for to find every line holding a key word: words that share a prefix of
    PROBE_PREFIX characters or more as that prefix, each with its first non-ASCII character (a scan for one
    character is cheap, and most pages lack any given one), or "" if it has none."""
    merged: list[str] = []
    for word in sorted(words):
        if merged and len(common := os.path.commonprefix([merged[-1], word])) >= PROBE_PREFIX:
            merged[-1] = common
        else:
            merged.append(word)
    return tuple((text, next((char for char in text if not char.isascii()), "")) for text in merged)


def compile_screen(*tables: dict[str, dict[str, list[str]]]) -> Screen:
    """The screen for the plain patterns of some rule tables (one pass over a document for all of them)."""
    parsed = [list(sre_parse.parse(pattern, re.IGNORECASE)) for table in tables
              for _, pattern in plain_patterns(table)]
    return Screen(re.compile(f"\n(?:{'|'.join(trie(parsed)) or '(?!)'}){DOC_LINE_END}"),
                  MappingProxyType(fold_table(code for items in parsed for code in codes(items))))


def codes(items) -> Iterator[int]:
    """Every character a parsed pattern names: literals, class members, the members of class ranges."""
    for op, arg in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            yield arg
        elif name == "IN":
            for member, value in arg:
                if str(member) == "LITERAL":
                    yield value
                elif str(member) == "RANGE":
                    yield from range(value[0], value[1] + 1)
        elif name == "SUBPATTERN":
            yield from codes(arg[3])
        elif name == "BRANCH":
            for branch in arg[1]:
                yield from codes(branch)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            yield from codes(arg[2])


def trie(alternatives: list[list], depth: int = TRIE_DEPTH) -> list[str]:
    """Regex sources whose union is that of some parsed patterns, alternatives that start with the same
    character behind one test of it, each letter as folded reads it: on a lower-cased text (folded too) they
    match wherever the patterns match the text ignoring case (and, rarely, where they do not)."""
    if depth == 0:
        return list(dict.fromkeys(map(unparse, alternatives)))
    groups: dict[str, list[list]] = {}
    parts: list[str] = []
    for items in alternatives:
        for first, rest in heads(items):
            if first is None or first == "":
                parts.append(unparse(rest))
            else:
                groups.setdefault(first, []).append(rest)
    grouped = []
    for first, rests in groups.items():
        inner = trie(rests, depth - 1)
        grouped.append(first + (inner[0] if len(inner) == 1 else f"(?:{'|'.join(inner)})"))
    return list(dict.fromkeys(grouped + parts))


def heads(items: list) -> list[tuple[str | None, list]]:
    """A parsed pattern as alternatives (source of a first item one character wide, the items after it):
    groups, alternations and optional parts at its start spread out, 'x+' read as 'x' then 'x*'. One
    alternative (None, items) where the start is no single character (or spreads too wide); ("", []): empty."""
    if not items:
        return [("", [])]
    (op, arg), rest = items[0], list(items[1:])
    name = str(op)
    if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
        return [(unparse(items[:1]), rest)]
    if name == "SUBPATTERN" and not arg[1] and not arg[2]:
        return heads([*arg[3], *rest])
    if name == "MAX_REPEAT" and arg[0] >= 1 and len(arg[2]) == 1 and str(arg[2][0][0]) in ("LITERAL", "IN"):
        high = arg[1] if arg[1] == sre_parse.MAXREPEAT else arg[1] - 1
        return [(unparse(arg[2]), [(op, (arg[0] - 1, high, arg[2])), *rest])]
    spread = None
    if name == "BRANCH":
        spread = [head for branch in arg[1] for head in heads([*branch, *rest])]
    elif name == "MAX_REPEAT" and arg[0] == 0 and arg[1] == 1:
        spread = heads([*arg[2], *rest]) + heads(rest)
    return spread if spread is not None and len(spread) <= TRIE_FAN else [(None, items)]


def unparse(items, negated: bool = False) -> str:
    """Regex source of parsed items (the constructs the rule tables use), each letter as folded reads it (but
    as written in a negated class, where that reads wider)."""
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and negated:
            out.append(in_class(chr(arg)))
        elif name == "LITERAL":
            out.append(re.escape(folded(arg)))
        elif name == "NOT_LITERAL":
            out.append(f"[^{in_class(chr(arg))}]")
        elif name == "ANY":
            out.append(".")
        elif name == "AT" and str(arg) in BOUNDARIES:
            out.append(BOUNDARIES[str(arg)])
        elif name == "IN":
            negate = str(arg[0][0]) == "NEGATE"
            out.append(f"[{'^' if negate else ''}{''.join(unparse([member], negate) for member in arg[negate:])}]")
        elif name == "RANGE":
            low, high = arg
            wider = "" if negated else "".join(folded(code) for code in range(low, high + 1)
                                               if not low <= ord(folded(code)) <= high)
            out.append(f"{in_class(chr(low))}-{in_class(chr(high))}{in_class(wider)}")
        elif name == "CATEGORY":
            out.append(CATEGORIES[str(arg)])
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            inner = unparse(arg[2])
            one = len(arg[2]) == 1 and str(arg[2][0][0]) in ("LITERAL", "NOT_LITERAL", "IN", "ANY")
            high = "" if arg[1] == sre_parse.MAXREPEAT else arg[1]
            out.append(f"{inner if one else f'(?:{inner})'}{{{arg[0]},{high}}}")
        elif name == "SUBPATTERN" and not arg[1] and not arg[2]:
            out.append(f"(?:{unparse(arg[3])})")
        elif name == "BRANCH":
            out.append(f"(?:{'|'.join(trie([list(branch) for branch in arg[1]]))})")
        else:
            raise ValueError(f"a rule pattern uses {name}, which the screen does not know")
    return "".join(out)


def in_class(chars: str) -> str:
    """Characters written inside a [] class."""
    return "".join("\\" + char if char in "\\]^-[" else char for char in chars)


def screen_lines(screen: Screen, lines: list[str], doc: str, lowered: str, starts: np.ndarray) -> list[int]:
    """Indexes of the lines the screen finds (doc: the lines joined by "\n", lowered: doc.lower(), starts: where
    each line begins)."""
    if not lines:
        return []
    if len(lowered) != len(doc):   # lower() made "İ" two characters; re reads it as "i"
        lowered = doc.replace("İ", "i").lower()
        if len(lowered) != len(doc):   # pragma: no cover - no other character lowers so (Unicode 15)
            return list(range(len(lines)))
    if any(map(lowered.__contains__, screen.folds)):
        lowered = lowered.translate(str.maketrans(dict(screen.folds)))
    hits = [match.start() for match in screen.regex.finditer(f"\n{lowered}\n")]
    return np.searchsorted(starts, hits).tolist()   # the screen matched at the "\n" before line i


def anchored_lines(rules: RuleSet, lines: list[str], lowered: str | None = None,
                   starts: np.ndarray | None = None) -> frozenset[int]:
    """Indexes of the lines that hold a key word of a '.{0,N}phrase.{0,M}' pattern (plain substring search).
    lowered and starts: the lines joined by "\n", lower-cased, and where each begins, if known."""
    if not rules.contains:
        return frozenset()
    if rules.always:
        return frozenset(range(len(lines)))
    if lowered is None or starts is None or len(lowered) != starts[-1] + len(lines[-1]):   # İ lowers to two
        doc, starts = key_text(rules, "\n".join(lines)), np.cumsum([0] + [len(line) + 1 for line in lines[:-1]])
    else:
        doc = key_text(rules, lowered, lowered=True)
    positions = []
    for text, rare in rules.probes:
        at = doc.find(text) if rare in doc else -1
        while at >= 0:
            positions.append(at)
            at = doc.find(text, at + 1)
    if not positions:
        return frozenset()
    return frozenset((np.searchsorted(starts, positions, side="right") - 1).tolist())


def width(pattern: str) -> int:
    """The most characters a match of pattern can span (a large number when unbounded)."""
    return sre_parse.parse(pattern, re.IGNORECASE).getwidth()[1]


def key_words(items) -> tuple[str, ...] | None:
    """Plain lower-case runs one of which every match of a parsed pattern must contain; None if none of 4+
    characters is found (the longest run in sequence, else the runs of every branch of one alternation)."""
    best, run, branches = "", "", None
    for op, arg in items:
        if str(op) == "LITERAL":
            run += chr(arg).lower()
        else:
            run = ""
            if branches is None and str(op) == "SUBPATTERN" and len(arg[-1]) == 1 and str(arg[-1][0][0]) == "BRANCH":
                found = [key_words(branch) for branch in arg[-1][0][1][1]]
                branches = None if None in found else tuple(w for words in found for w in words)
        best = max(best, run, key=len)
    return (best,) if len(best) >= 4 else branches


def first_match(rules: RuleSet, line: str) -> str | None:
    """Name of the first rule (in table order) that matches the whole (folded) line, or None."""
    return match_lines(rules, [line], [0])[0]


def plain_index(rules: RuleSet, line: str) -> int | None:
    """Index of the first rule whose plain pattern matches the whole line, or None."""
    first = line[:1].lower()
    group = rules.every if len(first) > 1 else rules.by_first.get(first, rules.any_first)
    if match := group.fullmatch(line):
        return int(match.lastgroup[1:].split("_")[0])
    return None


def match_lines(rules: RuleSet, lines: list[str], screened: list[int], lowered: str | None = None,
                starts: np.ndarray | None = None) -> list[str | None]:
    """first_match of every line of a document. screened: the lines a screen of the rules' table found (only
    those can match a plain pattern); the key-word search is done once for all lines. lowered and starts: the
    lines joined by "\n", lower-cased, and where each begins, if known."""
    if not lines:
        return []
    found: dict[int, int | None] = {i: plain_index(rules, lines[i]) for i in screened}
    for i in sorted(anchored_lines(rules, lines, lowered, starts)):
        line, best = lines[i], found.get(i)
        core, lower = len(line.rstrip(LINE_END_CHARS)), key_text(rules, line)
        for index, pattern, longest, words in rules.contains:
            if best is not None and index >= best:
                break
            if (core <= longest and (words is None or any(map(lower.__contains__, words)))
                    and pattern.fullmatch(line)):
                best = index
                break
        found[i] = best
    names: list[str | None] = [None] * len(lines)
    for i, best in found.items():
        if best is not None:
            names[i] = rules.names[best]
    return names
