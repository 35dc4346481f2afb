"""View models: what each page shows, built from store values and a `Comparison`.

Pure functions returning frozen dataclasses; templates only lay them out (and escape them).
"""

from newsprism.web.views.article import (
    ArticleClaims,
    AttributionRow,
    CopyRelation,
    article_claims,
    attribution_rows,
    copy_relation,
)
from newsprism.web.views.common import UNKNOWN_OUTLET, BarSegment, bar, colour_index, outlet_css, slug
from newsprism.web.views.listing import SORTS, StoryRow, copies_of, sort_rows, story_row
from newsprism.web.views.quotes import QuoteVersionView, QuoteView, Token, quote_view, quote_views
from newsprism.web.views.story import (
    ArticleRow,
    ClaimRef,
    ConflictView,
    CopyView,
    Matrix,
    MatrixCell,
    MatrixRow,
    SourcingRow,
    article_rows,
    claim_matrix,
    conflict_views,
    copy_views,
    kind_bar,
    sourcing_rows,
)

__all__ = [
    "SORTS", "UNKNOWN_OUTLET", "ArticleClaims", "ArticleRow", "AttributionRow", "BarSegment", "ClaimRef",
    "ConflictView", "CopyRelation", "CopyView", "Matrix", "MatrixCell", "MatrixRow", "QuoteVersionView",
    "QuoteView", "SourcingRow", "StoryRow", "Token", "article_claims", "article_rows", "attribution_rows", "bar",
    "claim_matrix", "colour_index", "conflict_views", "copies_of", "copy_relation", "copy_views", "kind_bar",
    "outlet_css", "quote_view", "quote_views", "slug", "sort_rows", "sourcing_rows", "story_row",
]
