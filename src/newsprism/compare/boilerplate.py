"""Recognise text that is not part of the story: credits, licence lines, calls to subscribe or
share, photo captions, notices that the story will be updated, and navigation fragments. Pure
functions over a sentence and its paragraph, so they work for any outlet, not a list of known
ones."""

from __future__ import annotations

import re

# Licence, copyright and credit lines.
_RIGHTS = re.compile(
    r"(©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|\bcreative commons\b|"
    r"\blicen[cs]ed under\b|\bmay not be (re)?published\b|\bmay not be reproduced\b|"
    r"\b(all )?content (by|from) .{1,60} is licen[cs]ed\b|^\s*\(?(reporting|editing|writing|"
    r"additional reporting) by\b|\bcontributed to this report\b)",
    re.IGNORECASE,
)
# Calls to action and site furniture.
_CALL_TO_ACTION = re.compile(
    r"(\bsubscribe\b|\bsign up\b|\bnewsletter\b|\bclick here\b|\bread more\b|\bfollow us\b|"
    r"\bshare this\b|\bshare on\b|\blike us on\b|\bdownload (our|the) app\b|^\s*advertisement\s*$|"
    r"\bskip to (main )?content\b|\bcookie(s)? (policy|settings)\b|\bprivacy policy\b|"
    r"\bterms of (use|service)\b|\brelated (articles|stories|coverage)\b|\bcomments?\s*\(\d+\)|"
    r"\bemail this\b|\bprint this\b|\bsee also\b)",
    re.IGNORECASE,
)
# Photo and video captions / credits: "Photo: ...", "(AP Photo/...)", "Image copyright ...".
_CAPTION = re.compile(
    r"(^\s*(photo|image|picture|video|file photo|caption|credit)s?\s*[:|/-]|"
    r"\((ap|afp|reuters|getty|epa)?\s*(photo|images?|file)\b[^)]*\)|"
    r"\b(getty images|ap photo|afp photo|reuters/)|\bimage (copyright|caption)\b)",
    re.IGNORECASE,
)
# A blog post's own metadata line: "Posted in Hit and Run Accidents on Friday, September 20,
# 2013." / "... posted by Jane Doe on 3 May 2021".
_POSTED = re.compile(r"(^|\s)posted (in|on|by|under|at)\b.{0,100}\b(19|20)\d\d\.?\s*$", re.IGNORECASE)
# The newsroom telling readers the story is live: "This is a developing story.", "This article
# has been updated.", "Check back for updates.", "More details to follow."
_UPDATE_NOTICE = re.compile(
    r"(^\W*this is a (developing|breaking) (news )?story\b|"
    r"\b(this (story|article|report|post|page)|the (story|article)) (has been|was|will be|is being) updated\b|"
    r"\bcheck back (later |here |soon )?for (the latest|updates|more)\b|"
    r"\b(more|additional|further) (details|information|updates) (will follow|to follow|to come|will be added)\b|"
    r"^\W*(more|details|updates) to (follow|come)\W*$|"
    r"\brefresh (this page )?for (the latest|updates)\b)",
    re.IGNORECASE,
)
_HAS_LETTER = re.compile(r"[A-Za-z]")


def boilerplate_reason(sentence: str, paragraph: str) -> str | None:
    """Why `sentence` (inside `paragraph`) is not part of the story, or None if it is."""
    if _RIGHTS.search(sentence):
        return "credit or licence"
    if _CALL_TO_ACTION.search(sentence):
        return "call to action or site navigation"
    if _CAPTION.search(sentence):
        return "photo or video caption"
    if _POSTED.search(sentence):
        return "post metadata"
    if _UPDATE_NOTICE.search(sentence):
        return "update notice"
    if not _HAS_LETTER.search(sentence):
        return "no words"
    if _is_navigation_fragment(sentence, paragraph):
        return "navigation or heading fragment"
    return None


def _is_navigation_fragment(sentence: str, paragraph: str) -> bool:
    """A short paragraph with no sentence-final punctuation ("Home | World | Europe",
    "Most read", a heading) is page furniture, not a statement."""
    stripped = paragraph.strip()
    if sentence.strip() != stripped:
        return False
    words = stripped.split()
    return len(words) <= 8 and not re.search(r"[.!?…”\"']$", stripped)
