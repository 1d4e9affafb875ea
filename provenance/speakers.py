"""Speaker names: clean a mention to a proper name, decide whether two names are one person, index key.

A mention such as "Roscosmos chief Dmitry Rogozin" or "Mr. Rogozin's" is reduced to the name
("Dmitry Rogozin", "Rogozin"). Two names are the same person when their surnames agree (after
ASCII folding, so Cyrillic and Latin spellings meet) and their given names, when both are
present, are compatible (equal, an initial of one another, a close spelling variant or a
common nickname). `speaker_key` is the folded surname, for indexed candidate lookup.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

# Words that precede a name as a title or a role; lower-case, without dots. A capitalised
# run of these never counts as part of the name ("President", "Sen.", "chief").
TITLE_WORDS = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady madam monsieur herr frau rev reverend
fr father sister brother saint st hon honorable
president vice prime minister premier chancellor secretary general attorney senator sen
representative rep congressman congresswoman congressperson gov governor lt lieutenant
mayor speaker leader majority minority whip chairman chairwoman chair chairperson
ceo cfo coo cto founder cofounder co-founder chief head director administrator commissioner
spokesman spokeswoman spokesperson press aide adviser advisor counselor counsellor
ambassador envoy diplomat judge justice magistrate prosecutor sheriff commander
col colonel capt captain maj major sgt sergeant adm admiral gen cpl corporal pvt private
king queen prince princess emperor empress pope cardinal bishop archbishop imam rabbi
former then late acting interim deputy assistant associate executive managing senior junior
presidential candidate nominee hopeful contender challenger incumbent frontrunner
democratic republican gop independent libertarian conservative liberal
manager strategist pollster analyst economist official officer agent inspector
host anchor correspondent columnist editor reporter writer author publisher
coach player owner boss mogul billionaire businessman businesswoman tycoon
minister-president first lady mp mep md phd esq
господин госпожа г-н г-жа президент премьер премьер-министр министр глава председатель
директор генеральный гендиректор пресс-секретарь представитель губернатор мэр депутат
сенатор посол генерал лидер руководитель замглавы заместитель официальный
""".split())

# Capitalised words that start a sentence or phrase and are never part of a name.
NON_NAME_WORDS = frozenset("""
the a an and but or so yet then however also still meanwhile moreover instead indeed thus
in on at by for from with without of to into onto over under after before during since
when while as if though although because unless until once where whereas
he she they we i you it his her their our its my your him them us me this that these those
there here what who whom whose which why how one some many most several both all any each
no not yes mrs. according said says told
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
today yesterday tonight tomorrow super
""".split())

PREPOSITIONS = frozenset("of for from at with in to on by about at".split())
NAME_SUFFIXES = frozenset("jr sr ii iii iv phd md esq".split())
PARTICLES = frozenset("de da di del della der den van von la le du dos das bin ibn al el ter ten st".split())

# Given names with their usual gender; used to split "State John Kerry" and to resolve pronouns.
_MALE = """
aaron adam alan albert alex alexander alexei alexey andrew andrei andrey anthony antonio arthur barack
ben benjamin bernie bill billy bob boris brian bruce carl carlos charles chris christopher chuck
dan daniel david dennis dick dmitry dimitry dmitri dmitriy don donald doug douglas ed edward eric
frank fred gary george gerald greg gregory harry henry howard igor ivan jack jacob james jason jeb
jeff jeffrey jerry jim jimmy joe john jon jonathan jose joseph josh juan justin keith ken kevin
larry lindsey mark martin matt matthew michael mike mikhail mitch newt nick nicholas oleg pat patrick
paul peter phil ralph ray richard rick rob robert roger ron ronald rudy rudolph russ ryan sam samuel
scott sean sergei sergey stephen steve steven ted thomas tim timothy tom tony vladimir walter wayne
william yuri yury marco rand reince reince corey kellyanne jared eugene lev nikolai nikolay pavel
viktor victor maxim anatoly alexandr valentin yevgeny evgeny gennady konstantin leonid emmanuel
francois angela xi li recep benjamin bibi narendra shinzo justin jean pierre luis miguel mario
дмитрий владимир сергей александр алексей андрей михаил николай иван игорь олег павел юрий
евгений константин леонид виктор максим анатолий геннадий борис пётр петр дональд барак
""".split()
_FEMALE = """
amy angela ann anna anne barbara betsy betty carly carol caroline catherine cathy christine
claire deborah debbie diana diane donna elizabeth ellen emily emma hillary hope helen ivanka
jane janet jennifer jessica jill joan judy julia julie karen kate katherine kathleen kathy
kellyanne laura lisa linda lori louise margaret maria marie marina mary melania michelle nancy
natalia natalya nina olga patricia paula rachel rebecca ruth sarah sara sharon stephanie susan
suzanne theresa teresa tulsi valentina valerie victoria virginia wendy yulia elena irina svetlana
tatiana tatyana ekaterina katie huma donna debbie kamala nikki condoleezza madeleine
мария анна елена ольга наталья ирина татьяна светлана екатерина юлия марина валентина
""".split()
FIRST_NAME_GENDER = {**{n: "m" for n in _MALE}, **{n: "f" for n in _FEMALE}}
_NICKNAMES = {
    "bill": "william", "billy": "william", "will": "william", "bob": "robert", "rob": "robert",
    "bobby": "robert", "dick": "richard", "rick": "richard", "jim": "james", "jimmy": "james",
    "mike": "michael", "tom": "thomas", "joe": "joseph", "chris": "christopher", "dan": "daniel",
    "dave": "david", "ed": "edward", "ted": "edward", "tony": "anthony", "steve": "steven",
    "stephen": "steven", "matt": "matthew", "nick": "nicholas", "sam": "samuel", "ben": "benjamin",
    "jeff": "jeffrey", "greg": "gregory", "pat": "patrick", "tim": "timothy", "ron": "ronald",
    "don": "donald", "doug": "douglas", "alex": "alexander", "andy": "andrew", "kate": "katherine",
    "kathy": "katherine", "liz": "elizabeth", "beth": "elizabeth", "sasha": "alexander",
    "dima": "dmitry", "volodya": "vladimir", "misha": "mikhail", "sergey": "sergei",
    "yury": "yuri", "alexey": "alexei", "andrey": "andrei", "nikolay": "nikolai",
}

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi",
     "ye", "g"],
))
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_TOKEN = re.compile(r"[^\s,;:()\[\]\"“”«»]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form: accents dropped, Cyrillic transliterated."""
    out = []
    for ch in text.lower():
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        else:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode())
    return "".join(out)


def _bare(token: str) -> str:
    """Token without surrounding punctuation and dots, lower-cased."""
    return token.strip(".,;:!?'’\"“”()").replace(".", "").lower()


def _is_cap(token: str) -> bool:
    t = token.lstrip("(\"“'‘")
    return bool(t) and t[0].isupper()


def _name_runs(tokens: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of name tokens as [i, j) index pairs; a known given name inside a run starts a new one."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _is_name_token(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            tok = tokens[j]
            if _bare(tok) in PARTICLES and j + 1 < len(tokens) and _is_name_token(tokens[j + 1]):
                j += 2
                continue
            if not _is_name_token(tok):
                break
            # "State John Kerry", "Роскосмоса Дмитрий Рогозин": a given name after a non-given word
            # starts the person's name.
            if _bare(tok) in FIRST_NAME_GENDER and _bare(tokens[j - 1]) not in FIRST_NAME_GENDER \
                    and len(_bare(tokens[j - 1])) > 1:
                break
            if _POSSESSIVE.search(tokens[j - 1]) and not tokens[j - 1].endswith("s’s"):
                break
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _is_name_token(token: str) -> bool:
    bare = _bare(token)
    if not bare or not _is_cap(token):
        return False
    return bare not in TITLE_WORDS and bare not in NON_NAME_WORDS


def _is_head_noun(token: str) -> bool:
    """A lower-case word after a capitalised run that makes the run a modifier of it."""
    bare = _bare(token)
    return bool(bare) and token[0].islower() and bare.isalpha() and bare not in PREPOSITIONS \
        and bare not in TITLE_WORDS and bare not in NON_NAME_WORDS and bare not in PARTICLES \
        and bare not in ("who", "said", "says", "and", "or", "told", "added", "wrote")


@lru_cache(maxsize=65536)
def clean_name(raw: str) -> str:
    """The proper name inside a mention: titles, roles, honorifics, affiliations and possessives removed."""
    text = " ".join(raw.split()).strip(" ,.;:—–-\"“”'‘’«»")
    if not text:
        return ""
    chunks = [c.strip() for c in re.split(r",|\(|\)| — | – ", text) if c.strip()]
    for chunk in chunks:
        tokens = _TOKEN.findall(chunk)
        best, best_score = None, -1
        for i, j in _name_runs(tokens):
            prev = _bare(tokens[i - 1]) if i > 0 else ""
            if prev in PREPOSITIONS:
                continue  # "of Roscosmos" is an affiliation, not the speaker
            last = tokens[j - 1]
            if _POSSESSIVE.search(last) and j < len(tokens):
                continue  # "Putin's spokesman ..." names the employer
            if j < len(tokens) and _is_head_noun(tokens[j]):
                continue  # "Sanders protesters", "Partial transcript": a modifier, not a name
            score = 0
            if any(_bare(t) in FIRST_NAME_GENDER for t in tokens[i:j]):
                score += 2
            if prev in TITLE_WORDS:
                score += 1
            if score >= best_score:
                best, best_score = (i, j), score
        if best is not None:
            name = " ".join(tokens[best[0]:best[1]])
            return _POSSESSIVE.sub("", name).strip(" ,.;:") or name
    # No proper name: return the mention minus a leading article and a trailing possessive.
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    return _POSSESSIVE.sub("", text)


def is_proper_name(raw: str) -> bool:
    """True when the cleaned mention is a name (capitalised words), not a pronoun or a description."""
    name = clean_name(raw)
    tokens = name.split()
    if not tokens or len(tokens) > 6:
        return False
    return all(_is_cap(t) or _bare(t) in PARTICLES for t in tokens) and _is_name_token(tokens[-1])


@lru_cache(maxsize=65536)
def _parts(name: str) -> tuple[list[str], str, bool]:
    """(given names, surname, written in Cyrillic) of a cleaned, folded name."""
    cleaned = clean_name(name)
    cyr = any("\u0400" <= ch <= "\u04ff" for ch in cleaned)
    tokens = [fold(t).replace(".", "").strip("'’-") for t in cleaned.split()]
    tokens = [t for t in tokens if t and t not in NAME_SUFFIXES]
    if not tokens:
        return [], "", cyr
    return tokens[:-1], tokens[-1], cyr


def _given_compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    a, b = _NICKNAMES.get(a, a), _NICKNAMES.get(b, b)
    return a == b or (a[0] == b[0] and ratio(a, b) >= 80)


@lru_cache(maxsize=65536)
def same_person(a: str, b: str) -> bool:
    """True when two names (any mention form) denote the same person."""
    given_a, sur_a, cyr_a = _parts(a)
    given_b, sur_b, cyr_b = _parts(b)
    if not sur_a or not sur_b:
        return False
    if sur_a != sur_b:
        # Transliterations differ slightly (Shoigu/Shoygu); Latin-only surnames must agree exactly.
        if not (cyr_a or cyr_b) or Levenshtein.distance(sur_a, sur_b) > 1 or min(len(sur_a), len(sur_b)) < 5:
            return False
    if given_a and given_b:
        return _given_compatible(given_a[0], given_b[0])
    return True


def speaker_key(name: str) -> str:
    """Folded surname for indexed candidate lookup, e.g. "rogozin"."""
    _, surname, _ = _parts(name)
    return surname


def name_gender(name: str) -> str | None:
    """'m', 'f' or None from a given name, honorific or Russian surname ending."""
    tokens = [_bare(t) for t in name.split()]
    for t in tokens:
        if t in ("mr", "sir", "lord", "king", "prince", "господин", "г-н"):
            return "m"
        if t in ("mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "госпожа", "г-жа"):
            return "f"
    given, surname, cyr = _parts(name)
    for g in given:
        if g in FIRST_NAME_GENDER:
            return FIRST_NAME_GENDER[g]
    cleaned = clean_name(name).split()
    if cleaned and cleaned[0].lower() in FIRST_NAME_GENDER:
        return FIRST_NAME_GENDER[cleaned[0].lower()]
    if cyr and surname:
        if re.search(r"(ova|eva|ina|skaya|aya)$", surname):
            return "f"
        if re.search(r"(ov|ev|in|skiy|skii|iy)$", surname):
            return "m"
    return None


# Words that end the head noun phrase of a mention and start a postmodifier ("the chairman of …",
# "a letter to Facebook from …", "Miller, who …", "a user going by …").
_POSTMODIFIER_START = frozenset("""
of for from at with in on to by about who whom whose which that wearing writing speaking according
""".split())
# Determiners and quantifiers that make the mention an indefinite description ("a campaign spokesman").
_INDEFINITE = frozenset("a an one another two three four five several some many multiple other such".split())


def is_named_source(raw: str) -> bool:
    """True when a speaker mention names ONE speaker: its head is a proper name, not a common noun.

    The mention's head noun phrase is its first comma/parenthesis chunk cut before the first
    lower-case postmodifier word (of, from, who, …); its head is that phrase's last word.
    Named: "Republican pollster Daron Shaw", "Mr. Trump", "The New York Post", "CNN",
    "Bush’s", "Jonah Goldberg of the National Review", and a description followed by its name
    in apposition ("the bureau's director, James B. Comey"). Not named: role descriptions whose
    head is a common noun even when a name modifies it ("the Florida senator", "the Senate
    minority leader", "a campaign spokesman", "One such document, obtained by The Post", "a letter
    to Facebook from …"), pronouns, and joint sources ("Trump and Ryan"), which one speaker
    cannot match. `is_proper_name` is the older, looser test (any capitalised name inside).
    """
    text = " ".join(raw.split()).strip(" ,.;:—–-\"“”'‘’«»")
    chunks = [c.strip() for c in re.split(r",|\(|\)| — | – ", text) if c.strip()]
    if not chunks:
        return False
    if _head_is_name(chunks[0]):
        return True
    # "the bureau's director, James B. Comey": a description, then the name in apposition
    return len(chunks) >= 2 and _head_is_name(chunks[1])


def _head_is_name(chunk: str) -> bool:
    tokens = _TOKEN.findall(chunk)
    if not tokens or _bare(tokens[0]) in _INDEFINITE:
        return False
    cut = len(tokens)
    for k, t in enumerate(tokens[1:], 1):
        if t[0].islower() and (_bare(t) in _POSTMODIFIER_START or t.endswith("ing")):
            cut = k
            break
    head_phrase = tokens[:cut]
    if any(_bare(t) in ("and", "&") for t in head_phrase):
        return False  # "Trump and Ryan", "Yahoo News and anchor Katie Couric": several speakers
    head = head_phrase[-1]
    if head[:1].isdigit() and len(head_phrase) >= 2:
        head = head_phrase[-2]  # "ABC 7"
    bare = _POSSESSIVE.sub("", _bare(head))
    return _is_cap(head) and bare not in TITLE_WORDS and bare not in NON_NAME_WORDS and bool(bare) \
        and bare not in ("vp", "gop")
