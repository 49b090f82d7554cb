/* rapport-fuzz.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry points: rapport-fuzz.c defines the first (warnings and criticals become
 * fatal), every harness the second. */
int   LLVMFuzzerInitialize   (int             *argc,
                              char          ***argv);
int   LLVMFuzzerTestOneInput (const uint8_t   *data,
                              size_t           size);

/* @data as a NUL-terminated string (the input may hold NULs; the string ends at the first). */
char *rapport_fuzz_strndup   (const uint8_t   *data,
                              size_t           size);

/* Aborts unless @text is valid UTF-8 (@length -1: NUL-terminated). */
void  rapport_fuzz_assert_utf8 (const char    *text,
                                gssize         length);

G_END_DECLS
