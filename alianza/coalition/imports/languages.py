"""Language names as people type them in spreadsheets, turned into BCP 47 tags.

Contact lists say "Spanish", "Español", "espanol", "SP", "es_MX" or "es-mx"; we store
"es" or "es-MX". The names below are the languages most spoken by families in California
schools, in English, in Spanish and in the language itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "ingles", "eng", "en-us"),
    "es": ("spanish", "espanol", "castellano", "spa", "sp", "esp"),
    "vi": ("vietnamese", "vietnamita", "tieng viet", "viet"),
    "zh": ("chinese", "chino", "mandarin", "mandarin chinese", "putonghua",
           "zhongwen", "中文", "普通话", "汉语"),
    "zh-Hant": ("traditional chinese", "chino tradicional", "繁體中文"),
    "zh-Hans": ("simplified chinese", "chino simplificado", "简体中文"),
    "yue": ("cantonese", "cantones", "廣東話", "粵語"),
    "tl": ("tagalog", "filipino", "pilipino"),
    "ko": ("korean", "coreano", "한국어"),
    "ar": ("arabic", "arabe", "العربية"),
    "hy": ("armenian", "armenio", "հայերեն"),
    "ru": ("russian", "ruso", "русский"),
    "pa": ("punjabi", "panyabi", "ਪੰਜਾਬੀ"),
    "hmn": ("hmong", "hmoob"),
    "pt": ("portuguese", "portugues"),
    "fa": ("farsi", "persian", "persa", "فارسی"),
    "km": ("khmer", "cambodian", "camboyano", "jemer"),
    "hi": ("hindi", "हिन्दी"),
    "ja": ("japanese", "japones", "日本語"),
    "fr": ("french", "frances", "francais"),
    "uk": ("ukrainian", "ucraniano", "українська"),
    "ur": ("urdu",),
    "ps": ("pashto", "pastun"),
    "te": ("telugu",),
    "mix": ("mixtec", "mixteco"),
    "zap": ("zapotec", "zapoteco"),
    "yua": ("yucatec maya", "maya", "maya yucateco"),
    "mam": ("mam",),
    "sm": ("samoan", "samoano"),
    "lo": ("lao", "laotian", "laosiano"),
    "th": ("thai", "tailandes"),
    "de": ("german", "aleman", "deutsch"),
    "it": ("italian", "italiano"),
    "ase": ("american sign language", "asl", "lengua de senas americana"),
}
_BY_NAME = {name: tag for tag, names in _NAMES.items() for name in names}
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?$")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@functools.lru_cache(maxsize=4096)  # a file holds few distinct spellings, repeated
def language_tag(value: str) -> str | None:
    """The BCP 47 tag for a language name or tag, or None when we don't recognise it.

    >>> language_tag("Español"), language_tag("es_mx"), language_tag("Vietnamese")
    ('es', 'es-MX', 'vi')
    """
    plain = _plain(value)
    if not plain:
        return None
    if plain in _BY_NAME:
        return _BY_NAME[plain]
    # "Spanish (Mexico)" and "Español - México" name a language first.
    for separator in ("(", " - ", "/", ","):
        head = plain.split(separator)[0].strip()
        if head != plain and head in _BY_NAME:
            return _BY_NAME[head]
    candidate = plain.replace("_", "-").replace(" ", "")
    if not _TAG.match(candidate):
        return None
    parts = candidate.split("-")
    language = parts[0]
    if language not in _NAMES and language not in _KNOWN_CODES:
        return None
    tag = [language]
    for part in parts[1:]:
        tag.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(tag)


def language_tags(value: str) -> tuple[list[str], list[str]]:
    """Split a list like "Spanish, Vietnamese; Hmong" into tags, and the names not known."""
    tags: list[str] = []
    unknown: list[str] = []
    for item in re.split(r"[,;/|]+| and | y ", value):
        if not item.strip():
            continue
        tag = language_tag(item)
        if tag is None:
            unknown.append(item.strip())
        elif tag not in tags:
            tags.append(tag)
    return tags, unknown


# ISO 639-1 codes (and a few three-letter ones), so that any tag people type ("nl", "sw")
# is accepted.
_ISO_639_1 = (
    "aa ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv "
    "kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no "
    "nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn "
    "so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo "
    "wa wo xh yi yo za zh zu fil haw"
)
_KNOWN_CODES = frozenset(_ISO_639_1.split())
