"""Reading agency text: the markers in a record's summary, outcome and tags.

Target phrases are matched with medspaCy's TargetMatcher (regular expressions over a blank spaCy
English pipeline, so no model is downloaded) and their context with medspaCy's ConText: a marker
that is negated ("no visible injuries", "denied any assault"), hypothetical ("advised to call
police if he returns"), only possible ("?fracture") or historical ("history of burns") is kept
apart from the markers that count as evidence. Each record is read once, when it is stored
(`RecordText`), never on every evaluation.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
import types
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Bump when the rules below change, so that `evaluate_signals --reread` knows what is stale.
READER_VERSION = 7

# marker code -> plain-English label (documentation and the web app show these).
MARKERS: dict[str, str] = {
    "injury": "an injury (including 'fell', cuts, bruises, burns)",
    "burns": "burns or scalding",
    "alcohol": "alcohol or intoxication",
    "drugs": "drug use",
    "physical_assault": "a physical assault (hit, punched, pushed, kicked)",
    "sexual_assault": "a serious sexual assault",
    "weapon": "a weapon",
    "strangulation": "strangulation or choking",
    "threat_to_kill": "a threat to kill",
    "pregnancy": "pregnancy",
    "separation": "separation or an attempt to leave",
    "stalking": "stalking or harassment",
    "coercive_control": "coercive or controlling behaviour (isolating, controlling money, monitoring)",
    "self_harm": "self-harm, overdose or suicidal thoughts",
    "complaint_declined": "a complaint declined or withdrawn",
    "nfa": "no further action",
    "referral_police": "a referral or report to police",
    "referral_sarc": "a referral to a sexual assault referral centre (SARC)",
    "referral_isva": "a referral to an ISVA",
    "referral_idva": "a referral to an IDVA or domestic abuse service",
    "referral_asc": "a referral to adult social care",
    "referral_marac": "a referral to MARAC",
    "referral_csc": "a referral to children's social care",
    "examination": "an examination offered or done",
    "advice": "advice given",
    "order_made": "an order made (DVPN/DVPO, non-molestation, ASBO, injunction, restraining order)",
    "dvpo": "a DVPN or DVPO",
    "evidence_led": "an evidence-led prosecution",
    "order_breach": "a breach of an order, bail or licence",
    "enforcement": "an arrest, recall, charge or return to court",
    "contact_from_prison": "contact from prison or custody",
    "abuser_present": "the abuser present at the contact",
    "declined_support": "support declined or dropped out of",
    "care_alcohol": "care and support need: alcohol dependence",
    "care_drugs": "care and support need: drug dependence",
    "care_mental": "care and support need: mental illness",
    "care_self_neglect": "care and support need: self-neglect",
    "care_frailty": "care and support need: frailty or dementia",
    "care_disability": "care and support need: disability",
    "care_untreated_injury": "care and support need: untreated injuries",
    "children_present": "children present or living at the address",
    "domestic_abuse": "domestic abuse",
    "abuse": "abuse or neglect of a person (psychological, emotional, financial, physical, sexual)",
    "not_domestic": "recorded as not domestic (no personal connection)",
    "intimate_partner": "an intimate partner (partner, husband, boyfriend, ex)",
    "new_partner": "a new partner",
    "licence_live_with": "a licence condition or release plan to live with someone",
    "service_closure": "a service closing, pausing or ending",
    "accidental_mechanism": "an injury with a plain accidental cause (sport, road traffic, work, DIY)",
}

CARE_NEEDS = (
    "care_alcohol",
    "care_drugs",
    "care_mental",
    "care_self_neglect",
    "care_frailty",
    "care_disability",
    "care_untreated_injury",
)
# A marker that implies another (burns are injuries; a DVPO is an order).
IMPLIES: dict[str, tuple[str, ...]] = {
    "burns": ("injury",),
    "dvpo": ("order_made",),
    "care_alcohol": ("alcohol",),
    "care_drugs": ("drugs",),
    "care_untreated_injury": ("injury",),
}
# Agencies' own tags -> markers.
TAGS: dict[str, str] = {
    "injury": "injury",
    "alcohol": "alcohol",
    "drugs": "drugs",
    "sexual": "sexual_assault",
    "weapon": "weapon",
    "strangulation": "strangulation",
    "choking": "strangulation",
    "threats_to_kill": "threat_to_kill",
    "pregnant": "pregnancy",
    "pregnancy": "pregnancy",
    "separation": "separation",
    "stalking": "stalking",
    "harassment": "stalking",
    "coercive_control": "coercive_control",
    "self_harm": "self_harm",
    "overdose": "self_harm",
    "children_present": "children_present",
    "domestic": "domestic_abuse",
    "breach": "order_breach",
    "burns": "burns",
    "scald": "burns",
}

_WHO = r"(?:partner|husband|boyfriend|wife|girlfriend|ex[- ]?partner|ex[- ]?husband|son|daughter|carer|he|she|perpetrator|abuser)"
_REF_AGENCY = {
    "referral_police": r"(?:the )?police|101",
    "referral_sarc": r"(?:the )?(?:SARC|sexual assault referral cent(?:re|er))",
    "referral_isva": r"(?:an? |the )?(?:ISVA|independent sexual violence advis[eo]r)",
    "referral_idva": (
        r"(?:an? |the )?(?:IDVA|independent domestic (?:violence|abuse) advis[eo]r|women'?s aid"
        r"|(?:local |specialist )?domestic (?:abuse|violence) (?:service|outreach|support)|(?:DA )?outreach)"
    ),
    "referral_asc": r"(?:adult social care|adult services|adult safeguarding|ASC|safeguarding adults)",
    "referral_marac": r"(?:the )?MARAC",
    "referral_csc": (
        r"(?:children'?s (?:social care|services|social services|safeguarding)|CSC|MASH|social services re (?:the )?child(?:ren)?)"
    ),
}


def _referral_patterns(agency_re: str) -> list[str]:
    verb = r"(?:referr(?:al|als|ed|ing)|refer|signposted|passed|sent|notified|reported|forwarded|shared|made)"
    return [
        rf"\b{verb}\b[^.;\n]{{0,60}}?(?:\bto|\band|,|&|/)\s+(?:{agency_re})\b",
        rf"\b(?:{agency_re})\s+(?:safeguarding\s+)?referral\b",
        rf"\breferral\s+(?:form\s+)?(?:to|for)\s+(?:{agency_re})\b",
    ]


# marker code -> regular expressions (case-insensitive) over the text.
PATTERNS: dict[str, list[str]] = {
    "injury": [
        r"\binjur(?:y|ies|ed)\b",
        r"\bbruis(?:e|es|ed|ing)\b",
        r"\bcuts?\b(?!\s+(?:off|back|down|short|in\b|up\b|her funding))",
        r"\blacerations?\b",
        r"\bgrazes?d?\b",
        r"\bswollen (?:eye|eyes|face|cheek|jaw|lip|lips|nose|wrist|hand|arm|knee|ankle)\b",
        r"\bswelling (?:to|around|on|over) (?:her |his |the |left |right )*(?:eye|face|cheek|jaw|lip|nose|head|wrist|arm)\b",
        r"\bblack eye\b",
        r"\bbleeding\b|\bbloodied\b|\bblood (?:on|from|to|smears?)\b|\bbloody nose\b",
        r"\bfractur(?:e|ed|es)\b|\bbroken (?:nose|arm|wrist|ribs?|jaw|finger|leg|cheekbone)\b",
        r"\bredd(?:ening|ened|ness)\b",
        r"\bmarks? (?:to|on|around) (?:her|his|the) (?:neck|arm|arms|face|wrist|wrists|throat|back|legs?)\b",
        r"\bwounds?\b",
        r"\bskin tear\b",
        r"\bsprain(?:ed)?\b",
        r"\bscratch(?:es|ed)\b",
        r"\bfell\b(?!\s+(?:asleep|out|behind|through|pregnant))",
        r"\b(?:had|has|a|after a|following a|recent|the|several|two|three|frequent|repeated|multiple) falls?\b",
        r"\bdislocat(?:ed|ion)\b",
        r"\bhead injury\b|\bconcussion\b",
        r"\bsplit lip\b",
    ],
    "burns": [
        r"\bburns?\b(?!\s+(?:unit)\b)",
        r"\bburnt\b|\bburned\b",
        r"\bscald(?:ed|ing|s)?\b",
        r"\bboiling (?:water|kettle)\b",
    ],
    "alcohol": [
        r"\bintoxicated\b",
        r"\bdrunk\b",
        r"\bsmell(?:ed|ing)? (?:strongly )?of alcohol\b",
        r"\bunder the influence\b(?! of (?:drugs|substances))",
        r"\bslurred\b",
        r"\balcohol\b(?!\s+(?:and drug|& drug|service|team))",
        r"(?<!eating and )(?<!eating & )\bdrinking\b(?! (?:well|water|fluids|enough|normally|plenty|tea|coffee|and eating))",
        r"(?<!soft )\bdrinks?\b(?! (?:driv|well|water|fluids|plenty|tea|coffee))|\bdrinker\b|\bunits? (?:a|per) (?:week|day)\b",
        r"\bcans? of (?:cider|lager|beer)\b|\bvodka\b|\bcider\b",
    ],
    "drugs": [
        r"\b(?:heroin|cocaine|crack|cannabis|amphetamines?|spice|mcat|mephedrone|ketamine)\b",
        r"\billicit (?:drugs?|substances?)\b",
        r"\b(?:drug|substance) (?:use|misuse|user)\b",
        r"\b(?:using|taking|takes|uses) drugs\b",
        r"\bunder the influence of (?:drugs|substances)\b",
    ],
    "physical_assault": [
        r"\bassault(?:ed|ing|s)?\b(?<!sexual assault)(?<!sexually assaulted)",
        r"\b(?:hit|punched|kicked|slapped|headbutted|head-butted|beaten|beat|attacked|shoved|stamped on)\b"
        r"(?!\s+(?:the (?:ground|floor|wall|door)|and run|list|his head|her head on))",
        r"\bpushed\b(?!\s+(?:for|through|back the))",
        r"\bgrabbed (?:her|him|me)\b",
        r"\b(?:hits|kicks|punches|slaps|bitten|bites)\b|\ba (?:kick|punch|blow|slap)\b|\bblows\b",
        r"\b(?:ABH|GBH|common assault|actual bodily harm|grievous bodily harm)\b",
        r"\bthrew (?:her|him|me)\b|\bthrown (?:against|down|across|to the)\b",
        r"\bdragged (?:her|him|me)\b|\bpulled (?:her|him|me) (?:by|across|along|out|down|off|to)\b",
        r"\bphysical(?:ly)? (?:violen(?:ce|t)|assault(?:ed)?|abuse|abused)\b",
        r"\bviolen(?:ce|t) (?:towards|to|against) (?:her|him|me)\b",
    ],
    "sexual_assault": [
        r"\brap(?:e|ed|ing)\b",
        r"\bsexual(?:ly)? assault(?:ed)?\b",
        r"\bforced (?:her |me |him )?(?:to have |into )?(?:sex|sexual)\b",
        r"\bmade (?:her|me|him) have sex\b",
        r"\bsex(?:ual activity)? without (?:her |my |his )?consent\b",
        r"\bnon[- ]consensual\b",
        r"\btouched (?:her|me|him) sexually\b",
        r"\bindecent(?:ly)? assault(?:ed)?\b",
        r"\bsexual violence\b",
        r"\bsexual abuse\b",
    ],
    "weapon": [
        r"\bknives?\b|\bknife\b|\bblades?\b|\bmachete\b",
        r"\bweapons?\b",
        r"\b(?:baseball )?bat\b(?!\w)",
        r"\bhammer\b|\bscrewdriver\b|\bfirearm\b|\bgun\b|\bshotgun\b|\bcrossbow\b",
        r"\bbroken bottle\b|\bglass bottle\b",
        r"\b(?:with|using|wielding) a (?:walking )?stick\b",
    ],
    "strangulation": [
        r"\bstrangl(?:e|ed|ing|ation)\b",
        r"\bchok(?:e|ed|ing)\b(?!\s+on\b)",
        r"\bthrottl(?:e|ed|ing)\b",
        r"\bhands? (?:round|around|on) (?:her|my|his|the) (?:neck|throat)\b",
        r"\bby the (?:neck|throat)\b",
        r"\bsmother(?:ed|ing)?\b",
        r"\bligature\b",
        r"\b(?:pressure|squeez\w*|press\w*) (?:on |to )?(?:her|my|the) (?:neck|throat)\b",
        r"\bnon[- ]fatal strangulation\b",
        r"\bhead ?lock\b|\b(?:nearly|almost) (?:passed|blacked) out\b|\b(?:could ?n[o']t|unable to) breathe\b",
        r"\bmarks? (?:to|on|around) (?:her|his|the) (?:neck|throat)\b",
    ],
    "threat_to_kill": [
        r"\bthreat(?:s|ened|ening)? to kill\b",
        r"\bdeath threats?\b",
        r"\b(?:would|will|going to|gonna|is going to|was going to|'ll|wanted to) (?:kill|murder) (?:her|you|me|him|them)\b",
        r"\bkill (?:you|her|me)\b",
        r"\b(?:rather|wants?|wished?) (?:you|her|she|me) (?:were |was |be |to be )?dead\b",
        r"\bdie screaming\b",
        r"\bthreat(?:s|ened)? (?:on|to) (?:her|his|my) life\b",
    ],
    "pregnancy": [
        r"\bpregnan(?:t|cy)\b",
        r"\bweeks'? (?:gestation|pregnant)\b",
        r"\bexpecting (?:a|their|his|her) baby\b",
        r"\bantenatal\b|\bmidwife\b|\bmiscarr(?:iage|ied)\b",
    ],
    "separation": [
        r"\bseparat(?:ed|ion|ing)\b",
        r"\bsplit up\b|\bbroke(?:n)? up\b",
        r"\b(?:ended|ending|end) the relationship\b|\brelationship (?:has |had )?ended\b",
        r"\bmoved out\b",
        r"\bestranged\b",
        r"\b(?:left|leaving|leave) (?:him|her husband|her partner|the relationship)\b",
        r"\bdivorc(?:e|ed|ing)\b",
    ],
    "stalking": [
        r"\bstalk(?:ed|ing|er|s)?\b",
        r"\bharass(?:ed|ing|ment)\b",
        r"\bfollow(?:ed|ing|s) her\b",
        r"\bturn(?:ed|ing|s)? up (?:at|outside) (?:her|the) (?:house|home|address|work|flat|door|workplace)\b",
        r"\bturning up\b",
        r"\bwatching (?:her|the house|the address|her house|the flat)\b",
        r"\b(?:sitting|waiting|parked) outside (?:her|the) (?:house|home|address|flat|work)\b",
        r"\b(?:constant|repeated|persistent|numerous|dozens of|\d{2,}) (?:phone )?(?:calls|texts|messages)\b",
        r"\btracking (?:device|app)\b|\btracker\b",
    ],
    "coercive_control": [
        r"\bcoerci(?:ve|on)\b",
        r"\bcontrolling (?:behaviour|behavior|her|him|the money|money|finances|her money)\b",
        r"\bcontrols? (?:her|the|all the) (?:money|finances|phone|benefits|bank|movements)\b",
        r"\btakes? (?:her|all her) (?:bank card|money|benefits|phone|wages)\b",
        r"\bisolat(?:es|ed|ing) (?:her|him|me) from\b|\bisolating her\b",
        r"\b(?:not allowed|isn't allowed|is not allowed|won't let her|doesn't let her|does not let her|stops her) "
        r"(?:to )?(?:go|going|see|seeing|leave|leaving|out|have|from|work|contact|to see|to go)\b",
        r"\bmonitor(?:s|ed|ing)? her (?:phone|messages|movements|calls|location)\b",
        r"\bchecks? her phone\b|\bgoes through her phone\b|\breads her (?:letters|post|messages|texts)\b",
        r"\bkeeps? her (?:away )?from (?:her )?(?:family|friends)\b",
    ],
    "self_harm": [
        r"\bself[- ]harm(?:ed|ing)?\b",
        r"\boverdos(?:e|ed|es)\b",
        r"\bsuicid(?:e|al)\b",
        r"\bwants? to die\b|\bwanted to die\b",
        r"\bend(?:ing)? (?:her|his|my) (?:own )?life\b",
        r"\bkill (?:myself|herself|himself)\b",
        r"\bcut(?:ting|s)? (?:her|his|my) (?:arms?|wrists?|thighs?)\b",
        r"\bexcess (?:of )?(?:tablets|paracetamol)\b|\btook (?:\d+|all her|a handful of) (?:tablets|paracetamol|pills)\b",
    ],
    "complaint_declined": [
        r"\bdeclined to (?:make|give|provide|support|pursue) (?:a |any |the )?(?:complaint|statement|prosecution|allegation)\b",
        r"\bdeclin(?:ed|es|ing) (?:a |any )?(?:complaint|statement|to complain|to support (?:a )?prosecution)\b",
        r"\b(?:did not|didn't|does not|doesn't|would not|wouldn't|refused to|unwilling to|will not|won't|not willing to)"
        r" (?:want to |wish to )?(?:make|give|provide|support|pursue) (?:a |any |the )?"
        r"(?:complaint|statement|prosecution|allegation|police action)\b",
        r"\bno complaint (?:made|given|received)\b",
        r"\bwithdr(?:ew|awn|awal of|aws|awing) (?:her |his |the |a )?(?:complaint|statement|allegation|support)\b",
        r"\bretract(?:ed|s|ion)\b",
        r"\b(?:did not|didn't|does not|doesn't) want (?:to get )?(?:him|her) (?:in|into) trouble\b",
        r"\bnot supporting (?:a |the )?prosecution\b",
    ],
    "nfa": [r"\bno further (?:police )?action\b", r"\bNFA(?:'d|ed)?\b"],
    "examination": [
        r"\bexamin(?:ed|ation)\b",
        r"\bforensic (?:exam|medical|examination|samples?)\b",
        r"\bswabs? (?:taken|obtained)\b",
        r"\bbody map(?:ped)?\b",
    ],
    "advice": [
        r"(?<!words of )\badvice (?:given|about|on|re|regarding|offered|provided)\b",
        r"(?<!words of )\b(?:safety|safeguarding|sexual health|contraceptive) advice\b",
        r"\badvised (?:her|him|them|to|about|on|re)\b",
        r"\bsignposted\b",
        r"\bsafety plan(?:ning|ned)?\b",
    ],
    "order_made": [
        r"\b(?:order|DVPN|DVPO|ASBO|injunction|NMO) (?:was )?(?:made|granted|served|issued|obtained|imposed|in force)\b",
        r"\b(?:granted|made|obtained|issued|served) (?:a |an |the )?(?:interim |full )?(?:non[- ]molestation order|NMO|DVPO|DVPN|ASBO|"
        r"injunction|restraining order|criminal behaviour order|occupation order)\b",
        r"\bsubject to (?:a |an )?(?:ASBO|DVPO|non[- ]molestation order|restraining order|injunction|criminal behaviour order)\b",
        r"\b(?:non[- ]molestation|restraining|occupation|criminal behaviour|anti[- ]social behaviour|exclusion) order\b",
        r"\bASBO\b|\binjunction\b",
    ],
    "dvpo": [r"\bDVP[NO]s?\b", r"\bdomestic violence protection (?:notice|order)s?\b"],
    "evidence_led": [r"\bevidence[- ]led\b", r"\bvictimless prosecution\b"],
    "order_breach": [
        r"\bbreach(?:ed|es|ing)?\b(?!\s+(?:of (?:the )?peace|of confidentiality|of tenancy))",
        r"\bin breach\b",
    ],
    "enforcement": [
        r"(?<!power of )\barrest(?:ed)?\b(?! when seen)",
        r"\brecall(?:ed)? to (?:prison|custody)\b|\blicence (?:was )?revoked\b|\brecalled\b",
        r"\bcharged\b",
        r"\bremanded\b",
        r"\bsummons(?:ed)?\b|\breturned to court\b|\bwarrant (?:issued|obtained)\b",
        r"\bcommittal\b|\bpower of arrest (?:used|exercised)\b",
    ],
    "contact_from_prison": [
        r"\b(?:rang|rings|called|phoned|calls|calling|letters?|wrote|writing|contact(?:ed|ing)?|messages?) "
        r"(?:[\w']+ ){0,4}from (?:prison|HMP|custody|jail|remand)\b",
        r"\bfrom (?:his|her|the) (?:prison )?PIN\b|\bPIN (?:phone )?(?:logs?|calls)\b",
        r"\bfrom HMP\b",
        r"\bprison (?:phone|PIN|calls?|telephone)\b",
        r"\b(?:while|whilst) (?:on remand|in custody|in prison|remanded)\b",
    ],
    "abuser_present": [
        rf"\b{_WHO} (?:was |were |is |also )?(?:present|in the room|in attendance|at the appointment|sat in)\b",
        rf"\baccompanied by (?:her |his )?{_WHO}\b",
        rf"\b{_WHO} (?:answered|spoke|speaks|answers) (?:for her|for him|on her behalf|every question|all (?:the )?questions)\b",
        r"\b(?:not|never|unable to be|could not be|couldn't be) seen alone\b",
        r"\bunable to (?:see|speak to) (?:her|him) alone\b",
    ],
    "declined_support": [
        r"\bdeclin(?:ed|es|ing) (?:the |a |an |any |further |all )?(?:offer of )?(?:support|refuge|help|service|"
        r"outreach|IDVA|referral|further contact|to engage|services|assessment|treatment|input)\b",
        r"\b(?:did not|does not|doesn't|didn't) (?:want|wish) (?:any )?(?:further )?(?:support|help|contact|to engage|the service)\b",
        r"\bdisengag(?:ed|ing)\b",
        r"\b(?:not|non[- ]?)engag(?:ed|ing|ement)\b",
        r"\bdischarged (?:her |him |them )?(?:for|due to|because of|after) (?:non[- ]?attendance|non[- ]?engagement|"
        r"not engaging|failing to attend|failure to attend)\b",
        r"\bclosed (?:due to|for|as|because of) non[- ]?engagement\b",
        r"\b(?:offered|offer of)\b[^.]{0,60}\bwhich (?:she|he|they) declined\b",
        r"\b(?:declined|refused)\b[^.]{0,30}\bon (?:her|his|their) behalf\b",
        r"\b(?:respite|carers?|care package|support|assessment|visits?|referral|help)s? (?:was |were )?(?:declined|refused)\b",
        r"\bdropped out\b",
    ],
    "care_alcohol": [
        r"\balcohol[- ](?:dependen(?:t|ce|cy)|misuse|use disorder|addiction)\b",
        r"\bdependent (?:on|upon) alcohol\b",
        r"\balcoholi(?:c|sm)\b",
        r"\b(?:problem|harmful|dependent|chronic|heavy) (?:drinking|drinker)\b",
    ],
    "care_drugs": [
        r"\b(?:drug|opiate|opioid|heroin|crack) (?:dependen(?:t|ce|cy)|addiction|addict)\b",
        r"\baddicted to\b",
        r"\bon methadone\b|\bmethadone script\b",
    ],
    "care_mental": [
        r"\bmental illness\b|\bmentally ill\b",
        r"\bschizophreni(?:a|c)\b|\bbipolar\b|\bpsychos(?:is|es)\b|\bpsychotic\b",
        r"\bpersonality disorder\b",
        r"\b(?:severe|major|chronic|clinical) depression\b",
        r"\bmental health (?:problems|issues|difficulties|needs|condition)\b",
        r"\bsectioned\b|\bdetained under the mental health act\b",
    ],
    "care_self_neglect": [
        r"\bself[- ]neglect(?:ing)?\b",
        r"\bneglecting (?:her|him|them)sel(?:f|ves)\b",
        r"\bunkempt\b|\bhoarding\b|\bsqualid\b",
        r"\bpoor self[- ]care\b",
        r"\bnot eating\b",
    ],
    "care_frailty": [
        r"\bfrail(?:ty)?\b",
        r"\bdementia\b|\balzheimer'?s\b",
        r"\bimmobile\b|\bbed[- ]?bound\b|\bhousebound\b",
        r"\b(?:unable to|cannot|can't|could not) (?:walk|move|stand|get up)\b",
        r"\bmobility (?:problems|issues|difficulties|needs)\b|\bpoor mobility\b",
    ],
    "care_disability": [
        r"\blearning disabilit(?:y|ies)\b",
        r"\bdisabilit(?:y|ies)\b|\bdisabled\b",
        r"\bwheelchair\b",
        r"\b(?:registered )?(?:blind|deaf)\b",
        r"\bautis(?:m|tic)\b",
    ],
    "care_untreated_injury": [
        r"\buntreated (?:injur(?:y|ies)|wounds?|fractures?|burns?)\b",
        r"\b(?:refused|declined) (?:medical )?treatment for (?:her|his|the) (?:injur(?:y|ies)|wounds?)\b",
        r"\bdid not seek (?:medical )?(?:help|treatment|attention)\b",
        r"\binjuries (?:at|of) different stages of healing\b",
        r"\bold (?:injur(?:y|ies)|bruising|fractures?)\b",
    ],
    "children_present": [
        r"\bchild(?:ren)? (?:were |was )?(?:present|in the (?:house|flat|room|property|home)|at (?:the )?(?:address|home)|upstairs|asleep)\b",
        r"\bin front of (?:her|the|his|their) (?:children|child|kids|son|daughter|baby)\b",
        r"\b(?:her|his|their|the) (?:\d+[- ]year[- ]old|baby|toddler|children|child|son|daughter|kids|infant)"
        r"(?: \([^)]*\))? (?:was |were |is |are )?(?:present|asleep|in bed|woken|crying|heard|saw|witnessed|upstairs|at home|"
        r"in the (?:house|flat|room|property))\b",
        r"\bchild(?:ren)? (?:live|living|lives|resides?|residing) (?:at|with|there)\b",
        r"\bwitnessed by (?:the |her |his |their )?(?:children|child|kids|son|daughter)\b",
        r"\b(?:both|the|her|his|their) (?:children|kids) (?:witnessed|saw|heard)\b",
        r"\b(?:children|kids) (?:are |were |is )?(?:frightened|scared|terrified|woken)\b",
        r"\bhas (?:a |an )?(?:baby|toddler|infant|\w+[- ]year[- ]old)\b",
        r"\b(?:young|two|three|four|small) children\b",
        r"\b(?:her|his|their|has a|has an|has) \d+[- ]year[- ]old\b|\baged \d{1,2} and \d{1,2}\b|\b\d+-month-old\b",
    ],
    "domestic_abuse": [
        r"\bdomestic(?:ally)? (?:abuse|violence|incident|assault|related|abusive|argument|dispute|disturbance)\b"
        r"(?! (?:service|services|outreach|charity|helpline|unit|team|worker|advis\w+|perpetrator|champion|coordinator))",
        r"\b(?:as|graded as|flagged as|recorded as) (?:a )?domestic\b",
        r"\bDA (?:incident|referral|related)\b",
        r"\bDV\b|\bDVA\b",
        r"\bdomestic\s*[.:;]|^\s*domestic\b",
        r"\bcoercive\b",
    ],
    "abuse": [
        r"\babus(?:e|ed|ive|ing)\b(?! of (?:alcohol|drugs|substances|the system|power))(?<!alcohol abuse)(?<!drug abuse)"
        r"(?<!substance abuse)",
        r"(?<!self-)(?<!self )\bneglect(?:ed|ing|ful)?\b(?! (?:of|to) (?:the )?(?:garden|property|repairs|flat))",
        r"\bill[- ]treat(?:ed|ment)\b|\bmistreat(?:ed|ment)\b",
    ],
    "not_domestic": [
        r"\bnot (?:flagged|recorded|treated|classed|crimed) as (?:a )?domestic\b",
        r"\bnon[- ]domestic\b",
        r"\bno (?:personal )?(?:connection|relationship) between\b",
    ],
    "intimate_partner": [
        r"\b(?:partner|husband|boyfriend|wife|girlfriend|spouse|fianc[eé]e?|ex[- ]?partner|ex[- ]?husband|ex[- ]?wife|"
        r"ex[- ]?boyfriend|ex[- ]?girlfriend|common[- ]law)\b",
        r"\bin a relationship with\b|\bmarried\b",
    ],
    "new_partner": [
        r"\bnew (?:partner|boyfriend|girlfriend|relationship)\b",
        r"\b(?:now|currently) (?:in a relationship|living) with\b",
        r"\bstarted (?:a|seeing) (?:relationship|new)\b",
    ],
    "licence_live_with": [
        r"\blicence condition (?:to )?(?:live|reside) (?:with|at)\b",
        r"\b(?:live|reside|living|residing) (?:with|at the address of) (?:her|his|the victim|the complainant|his partner)\b",
        r"\brelease (?:address|plan)\b",
        r"\breleased? (?:on licence )?to (?:the |her |his partner'?s? )?(?:address|home|flat)\b",
    ],
    "accidental_mechanism": [
        r"\b(?:skiing|snowboarding|football|rugby|netball|hockey|cricket|sports?|gym|cycling|climbing|running|trampolin\w*)\b",
        r"\b(?:road traffic (?:collision|accident)|RTC|RTA|car accident|work accident|at work|DIY|gardening|dog bite)\b",
    ],
    "service_closure": [
        r"\b(?:service|centre|center|project|contract|team|clinic)\b[^.]{0,40}\b(?:clos(?:e|es|ed|ing|ure)|paus(?:e|ed|ing)|"
        r"end(?:s|ed|ing)|decommission(?:ed|ing)|ceas(?:e|ed|es|ing))\b",
        r"\bclosure of (?:the )?(?:service|centre|center|project)\b",
        r"\b(?:loss|lack) of funding\b",
    ],
}
for _code, _agency_re in _REF_AGENCY.items():
    PATTERNS[_code] = _referral_patterns(_agency_re)
PATTERNS["referral_marac"].append(r"\bMARAC referral\b|\breferr(?:ed|al) to MARAC\b|\brefer to MARAC\b")
PATTERNS["referral_police"].append(
    r"\breported (?:it |this |the (?:assault|rape|incident) )?to (?:the )?police\b"
)

# ConText modifiers, written for agency text (police logs, clinical notes, support notes):
# (phrases, category, direction, max_scope in tokens or None for the rest of the sentence).
_NEG, _HYP, _POS, _HIST, _TERM = (
    "NEGATED_EXISTENCE",
    "HYPOTHETICAL",
    "POSSIBLE_EXISTENCE",
    "HISTORICAL",
    "TERMINATE",
)
_CONTEXT: list[tuple[list[str], str, str, int | None]] = [
    (["no", "nil", "without", "never", "none", "neither", "nor", "no evidence of", "no sign of", "no signs of",
      "free of", "absence of", "deny", "denies", "denied", "denying", "not", "n't", "no obvious", "no visible"],
     _NEG, "FORWARD", 12),
    (["ruled out", "not seen", "not present", "not disclosed", "not found", "not noted", "none seen", "not known",
      "nil seen", "none noted", "not reported"], _NEG, "BACKWARD", 8),
    (["if", "should he", "should she", "should they", "should there", "in case", "in the event", "consider",
      "considered", "considering", "to consider", "would need", "will need", "needs to be", "need to be",
      "to be considered", "to be arranged", "to be offered", "risk of", "at risk of", "fears that", "afraid that",
      "worried that", "how to", "what to do", "unless", "would be", "will be", "plans to", "planned to",
      "intends to", "going to consider", "may need"], _HYP, "FORWARD", 10),
    (["to be"], _HYP, "FORWARD", 1),
    (["scared", "frightened", "afraid", "fears", "worried", "would like", "wants a", "asked for", "if needed"],
     _HYP, "FORWARD", 8),
    (["offered", "offer of"], _HYP, "FORWARD", 6),
    (["declined", "refused"], _NEG, "FORWARD", 4),
    (["not authorised", "not granted", "was refused", "not pursued", "not made", "negative", "not a concern",
      "is not a concern", "not an issue"], _NEG, "BACKWARD", 8),
    (["no concerns", "denied any", "denies any"], _NEG, "BIDIRECTIONAL", 8),
    (["possible", "possibly", "probable", "probably", "query", "suspected", "unclear whether", "unclear if",
      "may have", "might have", "?", "could have been", "?"], _POS, "FORWARD", 6),
    (["history of", "h/o", "past history", "historic", "historical", "previously", "previous relationship",
      "previous partner", "previous partners", "in a previous relationship", "as a child"], _HIST, "FORWARD", 10),
    (["in the past", "years ago", "as a child", "when she was young", "when he was young", "as a teenager"],
     _HIST, "BACKWARD", 10),
    (["but", "however", "although", "though", "which", "who", "after", "stated", "states", "said", "says", "then",
      "when", "so", "reports", "reported", "disclosed", "discloses", "alleges", "alleged", "whilst", "while",
      "later", "also", ":"], _TERM, "TERMINATE", None),
]  # fmt: skip
# A negation that is part of a marker's own meaning must not cancel another marker in the same phrase.
_PSEUDO = [
    "no further action", "not only", "not just", "no doubt", "no longer", "not seen alone", "never seen alone",
    "not engaging", "non-engagement", "no complaint", "did not want", "does not want", "didn't want",
    "doesn't want", "did not wish", "would not", "wouldn't", "won't", "will not", "not allowed", "not willing",
    "doesn't let", "does not let", "won't let", "denied the allegation", "denied it", "if she was alone",
    "if she was ok", "if she was safe", "if he was ok", "to be seen alone", "no further police action",
    "appeared to be", "appears to be", "seemed to be", "examination offered", "offered examination",
]  # fmt: skip
# Categories whose modifiers stop a marker from counting as evidence.
_DISCOUNTING = {"NEGATED_EXISTENCE": "negated", "HYPOTHETICAL": "hypothetical", "POSSIBLE_EXISTENCE": "possible",
                "HISTORICAL": "historical"}  # fmt: skip
# Markers whose meaning already carries a negation or hypothesis of its own: ConText is not applied to them.
_CONTEXT_FREE = {
    "complaint_declined",
    "nfa",
    "declined_support",
    "abuser_present",
    "care_untreated_injury",
    "not_domestic",
}


@dataclass
class Reading:
    """What one piece of text says: markers that count, and those discounted by their context."""

    markers: set[str] = field(default_factory=set)
    negated: set[str] = field(default_factory=set)
    hypothetical: set[str] = field(default_factory=set)
    possible: set[str] = field(default_factory=set)
    historical: set[str] = field(default_factory=set)
    spans: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "markers": sorted(self.markers),
            "negated": sorted(self.negated - self.markers),
            "hypothetical": sorted(self.hypothetical - self.markers),
            "possible": sorted(self.possible - self.markers),
            "historical": sorted(self.historical - self.markers),
            "spans": self.spans,
        }


def _import_medspacy_components() -> None:
    """Import only medspaCy's ConText and TargetMatcher.

    `import medspacy` loads every component, QuickUMLS with NLTK, SciPy and pandas among them:
    seconds of start-up for every command that reads text. The two components used here need
    none of that, so the package is entered without running its `__init__`.
    """
    if "medspacy" in sys.modules:
        return
    spec = importlib.util.find_spec("medspacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("medspacy is not installed")
    package = types.ModuleType("medspacy")
    package.__path__ = list(spec.submodule_search_locations)
    package.__spec__ = spec
    sys.modules["medspacy"] = package
    stubbed = "quickumls" not in sys.modules
    if stubbed:  # medspacy.util imports QuickUMLS's spaCy component at module level; it is not used here
        quickumls = types.ModuleType("quickumls")
        quickumls.spacy_component = None  # type: ignore[attr-defined]
        sys.modules["quickumls"] = quickumls
    try:
        from medspacy._extensions import set_extensions

        set_extensions()
        import medspacy.context
        import medspacy.target_matcher  # noqa: F401
    finally:
        if stubbed:
            del sys.modules["quickumls"]


@lru_cache(maxsize=1)
def _compiled_targets() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (code, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
        for code, patterns in PATTERNS.items()
    ]


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    """A blank spaCy English pipeline (no model to download) with a sentencizer and medspaCy's ConText."""
    _import_medspacy_components()
    import spacy
    from medspacy.context import ConText, ConTextRule  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "\n", ";"]})
    context = nlp.add_pipe(
        "medspacy_context", config={"rules": None, "input_span_type": "group", "span_group_name": "markers"}
    )
    context_rules = []
    for phrases, category, direction, scope in _CONTEXT:
        for phrase in phrases:
            context_rules.append(ConTextRule(phrase, category, direction=direction, max_scope=scope))
    context_rules += [ConTextRule(p, "PSEUDO", direction="PSEUDO") for p in _PSEUDO]
    context.add(context_rules)  # type: ignore[attr-defined]
    return nlp


def read_text(text: str) -> Reading:
    """Read one piece of free text.

    The same text always reads the same, and agencies' systems repeat their wording ("Domestic
    incident attended, no injuries"), so readings are kept per distinct text (most recently used
    first). The caller gets its own copy to change.
    """
    return copy.deepcopy(_read_text_once(text))


# About 1 KB a reading: a cache of this size stays under a few tens of megabytes.
@lru_cache(maxsize=32768)
def _read_text_once(text: str) -> Reading:
    reading = Reading()
    if not text or not text.strip():
        return reading
    nlp = _pipeline()
    doc = nlp.make_doc(text)
    spans = []
    for code, pattern in _compiled_targets():
        for match in pattern.finditer(text):
            span = doc.char_span(match.start(), match.end(), label=code, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans["markers"] = spans
    with warnings.catch_warnings():
        # ConText's token matcher holds no patterns here (its phrase matcher does): spaCy warns each call.
        warnings.simplefilter("ignore", UserWarning)
        for _name, component in nlp.pipeline:
            doc = component(doc)
    for span in doc.spans.get("markers", []):
        code = span.label_
        attributes = span._
        status = None
        if code not in _CONTEXT_FREE:
            for _category, name in _DISCOUNTING.items():
                flag = {
                    "negated": attributes.is_negated,
                    "hypothetical": attributes.is_hypothetical,
                    "possible": attributes.is_uncertain,
                    "historical": attributes.is_historical,
                }[name]
                if flag:
                    status = name
                    break
        reading.spans.append({"marker": code, "text": span.text, "status": status or "present"})
        codes = (code, *IMPLIES.get(code, ()))
        target = reading.markers if status is None else getattr(reading, status)
        target.update(codes)
    return reading


def read_record_text(summary: str, outcome: str, tags: list[str] | None = None) -> Reading:
    """Read a record: its summary and outcome as text, its tags as markers the agency already recorded."""
    reading = read_text("\n".join(part.strip() for part in (summary, outcome) if part and part.strip()))
    for tag in tags or []:
        code = TAGS.get(str(tag).strip().lower().replace("-", "_").replace(" ", "_"))
        if code:
            reading.markers.update((code, *IMPLIES.get(code, ())))
    return reading
