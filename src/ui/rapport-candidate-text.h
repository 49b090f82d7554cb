/* rapport-candidate-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rapport-candidate.h"

G_BEGIN_DECLS

/* The words several views say about a suggestion candidate (plain text, translated). */

/* "Article", "Canned response", "Past reply". */
const char *rapport_candidate_text_kind    (RapportCandidateKind  kind);
/* Where @candidate comes from: "Your team's" for the workspace's own (account id 0), else
 * "From @account_name", or "From the helpdesk" when the account has no name. */
char       *rapport_candidate_text_source  (RapportCandidate     *candidate,
                                            const char           *account_name);
/* The first @max_lines lines of @body that hold text, each trimmed and cut to 200 characters
 * (with "…"), joined with "\n"; "" for a blank body. Plain text for a label, never markup. */
char       *rapport_candidate_text_excerpt (const char           *body,
                                            guint                 max_lines);

/* What is wrong with the template @text, in words, with where: "Line 2, column 7: “{{” is
 * not closed on its line." @error is the error rapport_template_parse() gave for @text (of
 * RAPPORT_TEMPLATE_ERROR; another domain gives its message as is). */
char       *rapport_candidate_text_template_error (const char   *text,
                                                   const GError *error);

G_END_DECLS
