"""Text for the library benchmarks that reads, to a search index, like a real library.

Words follow Zipf's law over a vocabulary of a few thousand words per language: function
words are everywhere, the library's own subject words sit at ranks from common ("students",
"education") to rare ("reclassification"), and the long tail is made of invented words (to
a stemmer and an index they behave like any other word). A search for a subject word then
matches a realistic share of the library, from most of it to a few dozen resources, instead
of nearly every resource as a 30-word vocabulary would.
"""

from __future__ import annotations

import bisect
import itertools
import random


def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = {
    "en": _words("the of and to in a for is on that with as by are this from at be or an"),
    "es": _words("de la que el en y a los se del las un por con una para es al lo como"),
}
# Subject words, most common first; each lands at a rank between 25 and ~2,500.
SUBJECT_WORDS = {
    "en": _words(
        "students school english learners education language teachers families district "
        "schools program state research data policy parents community learning report "
        "bilingual funding literacy instruction equity classroom support achievement budget "
        "assessment newcomer immersion dual engagement early childhood leaders reading "
        "accountability biliteracy teacher preparation seal graduation counselors migrant "
        "reclassification longterm interpretation translation credential"),
    "es": _words(
        "estudiantes escuela inglés aprendices educación idioma maestros familias distrito "
        "escuelas programa estado investigación datos política padres comunidad aprendizaje "
        "informe bilingüe financiamiento lectoescritura enseñanza equidad aula apoyo logro "
        "presupuesto evaluación recién inmersión dual participación primera infancia líderes "
        "lectura rendición bilingüismo docentes preparación sello graduación consejeros "
        "migrantes reclasificación largo interpretación traducción credencial"),
}
SYLLABLES = {
    "en": _words("ar ben cor dal est fen gri hol ing jor kel lan mor nest op pra quin ros "
                 "sten tar ul ver wil yan zor"),
    "es": _words("ba ce di fo gu la me ni po que ra se ti vo ya za cha lle ño rro mu pe so tu"),
}
VOCABULARY_SIZE = 4_000


def vocabulary(language: str) -> list[str]:
    """Words by rank: function words, then subject words spread through the invented ones."""
    rng = random.Random(f"vocabulary-{language}")
    syllables = SYLLABLES[language]
    invented: list[str] = []
    seen = set(FUNCTION_WORDS[language]) | set(SUBJECT_WORDS[language])
    for length in itertools.cycle((2, 3, 3, 4)):
        word = "".join(rng.choice(syllables) for _ in range(length))
        if word not in seen:
            seen.add(word)
            invented.append(word)
        if len(invented) >= VOCABULARY_SIZE:
            break
    words = list(FUNCTION_WORDS[language])
    subjects = SUBJECT_WORDS[language]
    # Subject word i at rank ~ 25 * 1.1^i: from 25 to about 2,500.
    ranks: dict[int, str] = {}
    for i, word in enumerate(subjects):
        rank = round(25 * 1.1 ** i)
        while rank in ranks:
            rank += 1
        ranks[rank] = word
    rank = len(words)
    tail = iter(invented)
    while len(words) < VOCABULARY_SIZE:
        rank += 1
        words.append(ranks.pop(rank) if rank in ranks else next(tail))
    words.extend(ranks.values())  # any subject word whose rank fell past the end
    return words


class Writer:
    """Draws words by Zipf's law (exponent 1) from one language's vocabulary."""

    def __init__(self, language: str, seed: int) -> None:
        self.words = vocabulary(language)
        self.cumulative = list(itertools.accumulate(1 / r for r in range(1, len(self.words) + 1)))
        self.rng = random.Random(seed)

    def sentence(self, n: int) -> str:
        total = self.cumulative[-1]
        picks = (bisect.bisect_left(self.cumulative, self.rng.random() * total)
                 for _ in range(n))
        return " ".join(self.words[min(i, len(self.words) - 1)] for i in picks).capitalize()
