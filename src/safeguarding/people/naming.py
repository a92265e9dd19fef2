"""Name normalisation for linkage: one canonical form per name, whatever the agency wrote.

Agencies write "BARRETT, Stephen John", "Mr S Barrett", "Steve Barrett", "Muhammad Khan" and
"KHAN Mohamed" for people who may be the same. This module turns a recorded name into a few
comparable parts (canonical forename, initial, surname, phonetic codes and an order-free key),
so that the linkage model compares like with like:

- English nicknames map to one canonical forename (Val -> valerie, Tony -> anthony);
- transliteration variants of names from other languages map to one spelling
  (Mohammed / Muhammad / Mohamed -> muhammad), and a phonetic code catches the rest;
- the order-free key (sorted forename and surname) matches given and family names swapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from unidecode import unidecode

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "master",
        "sir",
        "dame",
        "rev",
        "revd",
        "prof",
        "lady",
        "lord",
        "sister",
        "brother",
    ]
)

# Nickname -> canonical forename. Several canonical spellings of one name also map here
# (steven -> stephen) so that a nickname and any spelling of the full name meet.
_NICKNAMES = """
abbie abby:abigail | al alan allan allen:alan | alex alec alexander:alexander |
alexandra alexa lexi sandra sandy:alexandra | andy drew andrew:andrew | angie angela:angela |
annie ann anne anna:ann | tony anthony antony ant:anthony | barb barbara babs:barbara |
ben benjamin benny:benjamin | bert bertie albert:albert | bernie bernard:bernard |
bill billy will willy william liam:william | bob bobby rob robbie robert:robert |
brad bradley:bradley | cathy kathy cath kath catherine katherine kathryn kate katie kay:catherine |
charlie chas chuck charles:charles | chris chrissie christine christina tina:christine |
christopher kit:christopher | chrissy:christine | dan danny daniel:daniel | dave davy david:david |
deb debbie debby debra deborah:deborah | den dennis denis:dennis | derek del:derek |
di diana diane dianne:diana | don donny donald:donald | doug douglas:douglas |
ed eddie eddy edward ted teddy ned:edward | edwin:edwin | liz lizzie beth betty bess elizabeth eliza lisa libby:elizabeth |
ellie ella eleanor elinor nell nellie:eleanor | fred freddie frederick:frederick |
gail abigale:gail | gary garry gareth:gary | geoff jeff geoffrey jeffrey:geoffrey |
gerry jerry gerald gerard:gerald | greg gregory:gregory | harry hal henry hank:henry |
jack john johnny jon jonny:john | jim jimmy jamie james:james |
jan janet janette:janet | jen jenny jennie jennifer:jennifer | jess jessie jessica:jessica |
jo joanne joanna jo-anne:joanne | joe joey joseph:joseph | josh joshua:joshua |
jude judy judith:judith | julie julia juliet:julia | ken kenny kenneth:kenneth |
kim kimberley kimberly:kimberley | larry laurence lawrence laurie:lawrence | len lenny leonard leo:leonard |
les lesley leslie:leslie | lou louise louisa:louise | lyn lynn lynne:lynne | maggie meg peggy margaret marge madge:margaret |
mandy amanda:amanda | matt matty matthew:matthew | mel melanie:melanie | mick mickey micky mike michael:michael |
mo maureen moira:maureen | nat natalie natasha tasha:natalie | nick nicky nicholas nicolas:nicholas |
nikki nicola nicole:nicola | pam pamela:pamela | pat patty patricia trish tricia:patricia |
patrick paddy:patrick | paul paulie:paul | pete peter:peter | phil philip phillip:philip |
ray raymond:raymond | reg reggie reginald:reginald | rich rick ricky richard dick:richard |
ron ronnie ronald:ronald | rosie rose rosemary:rosemary | sam sammy samuel:samuel |
samantha:samantha | sandie:sandra | sue susie susan suzanne:susan | steve stevie stephen steven:stephen |
stan stanley:stanley | terry terence terrence:terence | tim timmy timothy:timothy |
tom tommy thomas:thomas | val valerie:valerie | vic vicky vicki victoria:victoria |
vince vincent:vincent | wendy gwendoline:wendy | zoe zoey:zoe | kelly kellie:kelly |
graeme graham grahame:graham | jeremy jez:jeremy | jamal jamaal:jamal
"""

# Transliteration variants of names from other languages -> one spelling. The phonetic code
# catches much of this too; the table covers variants that sound alike but spell apart.
_TRANSLITERATIONS = """
mohammed mohammad mohamed mohamad muhammad muhammed mohammod mahomed mehmet mehmed muhamed:muhammad |
ahmed ahmad ahmet achmed:ahmed | hussain hussein husain hossain husayn:hussain | hassan hasan:hassan |
ali aly:ali | yusuf yousef youssef yousuf yusef:yusuf | ibrahim ebrahim ibraheem:ibrahim |
abdul abdel abd:abdul | abdullah abdulla abdallah:abdullah | omar umar omer:omar | osman usman uthman othman:usman |
fatima fatimah fatma:fatima | aisha ayesha aysha aishah ayisha:aisha | khadija khadijah khadeja:khadija |
mustafa mustapha moustafa:mustafa | karim kareem:karim | rahman rehman:rahman | zainab zaynab zeinab:zainab |
maryam mariam miriam:maryam | nur noor nour:nur | sergei sergey serhiy:sergei | aleksandr aleksander oleksandr:alexander |
yuri yury iurii:yuri | dmitri dmitry dmytro:dmitri | olga olha:olga | natalia natalya nataliya:natalia |
tatiana tatyana tetiana:tatiana | wojciech:wojciech | krzysztof:krzysztof | jozef josef:jozef |
piotr:peter | pawel:paul | mihai michal:michael | andrzej andrei andriy:andrew | ioana iona:ioana |
nguyen nguyễn:nguyen | tran trần:tran | le lê:le | pham phạm:pham | singh sing:singh | kaur kor:kaur |
chowdhury choudhury chaudhry chaudhary choudhry:chowdhury | begum begam:begum | patel patell:patel |
shah sha:shah | khan kahn:khan | mirza merza:mirza | qureshi kureshi quraishi:qureshi |
mohd md:muhammad | saeed said sayed sayyid:saeed | mahmoud mahmud mahmood mehmood:mahmoud |
layla leila laila leyla:layla | yasmin yasmine yasmeen jasmine jasmin:yasmin | samira sameera:samira |
walid waleed:walid | tariq tarik tarek:tariq | khalid khaled:khalid | naveed navid:naveed |
shahid shaheed:shahid | majid majed:majid | nasreen nasrin nasrine:nasreen | parveen parvin perveen:parveen |
rukhsana ruksana rukshana:rukhsana | hoque haque huq:hoque | siddiqui siddiqi siddiqui:siddiqui |
mansour mansur:mansour | nasser nasir naser:nasser | saleh salih:saleh | farouk farooq faruk:farouk |
jaber jabir:jaber | suleiman sulaiman suleyman sulayman:suleiman | yassin yasin yaseen:yassin |
uddin udin:uddin | huda hoda:huda | reem rim:reem | hana hanaa:hana | sumaiya sumaya somaiya:sumaiya |
shamima shameema:shamima | noreen nourin norin:noreen | fatema:fatima | zenab:zainab |
sean shaun shawn sean:sean | padraig:patrick | siobhan shivaun:siobhan | niamh neve:niamh | joao:john |
katarzyna kasia:catherine | malgorzata gosia:margaret | magdalena magda:magdalena | agnieszka aga:agnes |
aleksandra ola:alexandra | elzbieta ela:elizabeth | wojtek:wojciech | krzysiek:krzysztof |
piotrek:peter | tomasz tomek:thomas | grzegorz grzesiek:gregory | lukasz luke:luke | jakub kuba jacob:jacob |
dariusz darek:dariusz | przemyslaw przemek:przemyslaw | slawomir slawek:slawomir | ania:ann | basia:barbara |
oluwaseun seun:oluwaseun | oluwakemi kemi:oluwakemi | adebola bola:adebola | folasade sade shade:folasade |
chiamaka amaka:chiamaka | funmilayo funmi:funmilayo | titilayo titi:titilayo | temitope tope temi:temitope |
babatunde tunde:babatunde | oluwafemi femi:oluwafemi | chukwuemeka emeka:chukwuemeka | uchenna uche:uchenna
"""

# Family names only: Mandarin and Cantonese romanisations (a forename "Lee" is not "Li").
_FAMILY_VARIANTS = """
wang wong huang:wang | li lee:li | chen chan:chen | zhang cheung chang:zhang | liu lau:liu | wu ng woo:wu |
zhou chow chau:zhou | he ho:he | lin lam:lin | liang leung:liang | xie tse:xie | deng tang:deng |
cai choi tsai:cai | guo kwok:guo | zheng cheng:zheng | cao tso:cao | yu yue:yu
"""


def _parse_table(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for group in text.split("|"):
        group = group.strip()
        if not group:
            continue
        variants, canonical = group.rsplit(":", 1)
        for variant in variants.split():
            table[_fold(variant)] = _fold(canonical)
        table.setdefault(_fold(canonical), _fold(canonical))
    return table


def _fold(text: str) -> str:
    """ASCII, lower case, letters only."""
    return re.sub(r"[^a-z]", "", unidecode(text).lower())


NICKNAMES = _parse_table(_NICKNAMES)
TRANSLITERATIONS = _parse_table(_TRANSLITERATIONS)
FAMILY_VARIANTS = _parse_table(_FAMILY_VARIANTS)

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPLIT = re.compile(r"[\s.]+")


def canonical_token(token: str) -> str:
    """One name word in its canonical spelling (nickname and transliteration tables applied)."""
    folded = _fold(token)
    return TRANSLITERATIONS.get(folded) or NICKNAMES.get(folded) or folded


def phonetic(token: str | None) -> str | None:
    if not token:
        return None
    return jellyfish.metaphone(token) or token


@dataclass(frozen=True)
class ParsedName:
    given: str | None  # canonical forename; None when only an initial (or nothing) was given
    initial: str | None  # first letter of the forename or initial
    surname: str | None  # folded family name (hyphens and apostrophes dropped)
    given_ph: str | None
    surname_ph: str | None
    name_key: str | None  # canonical forename and surname sorted: swapped names meet
    display: str  # the name cleaned for showing (titles and notes removed, capitals tamed)
    # The forename as written (folded, before nicknames and transliterations): typing slips are
    # measured on what was typed ("Elpie" is a slip for "Ellie", not for "Eleanor").
    given_written: str | None = None


EMPTY_NAME = ParsedName(None, None, None, None, None, None, "")


@lru_cache(maxsize=200_000)
def parse_name(raw: str | None) -> ParsedName:
    """Split a recorded name into forename, initial and surname, whatever order it came in."""
    if not raw:
        return EMPTY_NAME
    text = _PAREN.sub(" ", raw)
    # Anything after a dash or a semicolon is a note ("Karen HOLDER - identified at scene").
    text = re.split(r"\s[-–]\s|;", text)[0]
    family_first = False
    if "," in text:
        before, after = text.split(",", 1)
        if before.strip() and after.strip() and len(before.split()) <= 2:
            family_first = True
            text = f"{after} {before}"
        else:
            text = text.replace(",", " ")
    words = [w for w in _SPLIT.split(text.strip()) if w]
    had_title = bool(words) and _fold(words[0]) in TITLES
    words = [w for w in words if _fold(w) not in TITLES and _fold(w)]
    if not words:
        return EMPTY_NAME
    if not family_first and len(words) >= 2:
        # One word in capitals among mixed-case words is the family name ("HANCOX Lee David").
        caps = [i for i, w in enumerate(words) if len(w) > 1 and w.isupper()]
        if len(caps) == 1 and len(words) > 1 and not all(w.isupper() for w in words):
            i = caps[0]
            words = words[:i] + words[i + 1 :] + [words[i]]
    if len(words) == 1:
        word = words[0]
        if had_title or len(_fold(word)) == 1:
            # "Mr Trewin": a title with one word names the family, not the person.
            surname = _fold(word) if len(_fold(word)) > 1 else None
            initial = _fold(word)[:1] if surname is None else None
            return _build(None, initial, surname, [word])
        return _build(canonical_token(word), _fold(word)[:1], None, [word], _fold(word))
    forenames, family = words[:-1], words[-1]
    first = forenames[0]
    if len(forenames) > 1 and _fold(forenames[-1]) in ("al", "el"):
        forenames = forenames[:-1]  # "Ali Al Hashimi": the article belongs to the family name
    family = re.sub(r"^(?i:al|el)[-'\s]", "", family)
    surname = _fold(family)
    if len(surname) <= 1:
        surname = ""  # "Val P.": a family initial says too little to compare
    surname = FAMILY_VARIANTS.get(surname) or TRANSLITERATIONS.get(surname, surname)
    if len(_fold(first)) <= 1:
        return _build(None, _fold(first)[:1] or None, surname or None, [*forenames, family])
    return _build(
        canonical_token(first), _fold(first)[:1], surname or None, [*forenames, family], _fold(first)
    )


def _build(
    given: str | None, initial: str | None, surname: str | None, words: list[str], written: str | None = None
) -> ParsedName:
    # Either word may be the family name when the order was swapped, so the key reads both
    # through the family-name table too ("Wong Wei" and "Wei Wang").
    name_key = (
        " ".join(sorted(FAMILY_VARIANTS.get(w, w) for w in (given, surname))) if given and surname else None
    )
    display = " ".join(_tame(w) for w in words)
    return ParsedName(
        given=given or None,
        initial=(given[:1] if given else initial) or None,
        surname=surname or None,
        given_ph=phonetic(given),
        surname_ph=phonetic(surname),
        name_key=name_key,
        display=display,
        given_written=(written or None) if given else None,
    )


def _tame(word: str) -> str:
    """PARDOE -> Pardoe; leave mixed case (McDonald) as written; initials get no dot."""
    if len(word) > 1 and word.isupper():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word
