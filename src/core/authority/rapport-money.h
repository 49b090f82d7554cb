/* rapport-money.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORT_MONEY_ERROR (rapport_money_error_quark ())
GQuark rapport_money_error_quark (void);

/* One code per way an amount can be wrong, so the UI can say each in its own words. */
typedef enum
{
  RAPPORT_MONEY_ERROR_EMPTY,             /* nothing but whitespace */
  RAPPORT_MONEY_ERROR_NOT_A_NUMBER,      /* letters, a sign other than minus, stray symbols */
  RAPPORT_MONEY_ERROR_SEPARATOR,         /* a separator that is not this format's, or misplaced
                                          * digit grouping ("1,50" where ',' groups thousands) */
  RAPPORT_MONEY_ERROR_NEGATIVE,          /* a minus sign or accounting parentheses */
  RAPPORT_MONEY_ERROR_ZERO,              /* the amount is zero */
  RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, /* more decimals than the currency has (JPY: none) */
  RAPPORT_MONEY_ERROR_OVERFLOW,          /* more than G_MAXINT64 minor units */
  RAPPORT_MONEY_ERROR_OTHER_CURRENCY,    /* the text names a currency that is not the account's */
  RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY,  /* not an ISO 4217 code this table knows */
  RAPPORT_MONEY_ERROR_MIXED_CURRENCIES,  /* arithmetic or comparison across two currencies */
} RapportMoneyError;

/* An amount: a whole number of the currency's minor units (cents, fils; yen have none) and
 * its ISO 4217 code. A value type: copy it with '='. No floating point is used anywhere on
 * money, in this file or in the policy. */
typedef struct
{
  gint64 minor;
  char   currency[4]; /* upper-case ISO 4217 code, NUL-terminated */
} RapportMoney;

/* Where the currency goes relative to the number. */
typedef enum
{
  RAPPORT_MONEY_SYMBOL_BEFORE,        /* "$50.00", "¥5,000" */
  RAPPORT_MONEY_SYMBOL_BEFORE_SPACED, /* "CHF 50.00" */
  RAPPORT_MONEY_SYMBOL_AFTER,         /* "50.00$" */
  RAPPORT_MONEY_SYMBOL_AFTER_SPACED,  /* "50,00 €" */
} RapportMoneySymbolPosition;

/* How amounts are written where the agent is: the decimal separator, the digit grouping
 * (separator and group sizes, as in localeconv()'s mon_grouping: the first size counts from
 * the decimal separator, the second repeats to the left; 0 = no grouping) and where the
 * currency goes. Fill it by hand (tests) or from the C locale. */
typedef struct
{
  gunichar                   decimal;      /* '.', ',', U+066B … */
  gunichar                   grouping;     /* ',', '.', U+202F …; 0 = none */
  guint8                     group_first;  /* 3; 0 = no grouping */
  guint8                     group_rest;   /* 3 (en_IN: 2); 0 = same as group_first */
  RapportMoneySymbolPosition position;
} RapportMoneyFormat;

/* The currency table (ISO 4217). */
gboolean  rapport_currency_is_known          (const char               *code);
int       rapport_currency_get_exponent      (const char               *code);

/* Builders and accessors. */
gboolean  rapport_money_init                 (RapportMoney             *money,
                                              gint64                    minor,
                                              const char               *currency,
                                              GError                  **error);
int       rapport_money_get_exponent         (const RapportMoney       *money);

/* Overflow-safe arithmetic; both sides must be in the same currency (else
 * RAPPORT_MONEY_ERROR_MIXED_CURRENCIES), and a result outside gint64 is
 * RAPPORT_MONEY_ERROR_OVERFLOW. On failure @out is left untouched. */
gboolean  rapport_money_add                  (const RapportMoney       *a,
                                              const RapportMoney       *b,
                                              RapportMoney             *out,
                                              GError                  **error);
gboolean  rapport_money_subtract             (const RapportMoney       *a,
                                              const RapportMoney       *b,
                                              RapportMoney             *out,
                                              GError                  **error);
/* Sets @result to -1, 0 or 1 (a < b, a == b, a > b). */
gboolean  rapport_money_compare              (const RapportMoney       *a,
                                              const RapportMoney       *b,
                                              int                      *result,
                                              GError                  **error);

/* Formats: the C locale's monetary conventions (localeconv(); not thread-safe, like
 * localeconv() itself: call it from the main thread), or any format set by hand. */
void      rapport_money_format_init_from_locale (RapportMoneyFormat    *format);

/* What an agent types, for an account in @currency, written in @format. Whitespace around
 * is ignored, and so are bidi control marks anywhere. The number is digits with @format's
 * decimal separator and, optionally, its grouping at the right places (a space-like
 * grouping also accepts ' ', U+00A0, U+202F and U+2009). Digits of any one script are
 * accepted (ASCII, Arabic-Indic, fullwidth …), not mixed. The currency may be named
 * before or after the number by its code (any case) or one of its symbols ("$", "US$",
 * "€", "¥", "円" …); naming another currency is RAPPORT_MONEY_ERROR_OTHER_CURRENCY.
 * A minus sign or parentheses: NEGATIVE; zero: ZERO; more decimals than the currency
 * has: TOO_MANY_DECIMALS; more than G_MAXINT64 minor units: OVERFLOW. On failure @out is
 * left untouched. */
gboolean  rapport_money_parse                (RapportMoney             *out,
                                              const char               *text,
                                              const char               *currency,
                                              const RapportMoneyFormat *format,
                                              GError                  **error);

/* For people: "$50.00", "50,00 €", "¥5,000", "KWD 1.500" (a currency without a symbol, or
 * whose symbol is written in a right-to-left script, is written with its code). The
 * result has ASCII digits, the format's separators, U+00A0 between number and currency
 * when spaced, a leading '-' when negative, and no bidi control characters: it contains
 * no strong right-to-left character, and a UI that embeds it in right-to-left text
 * isolates it (U+2066 … U+2069) there. */
char     *rapport_money_format               (const RapportMoney       *money,
                                              const RapportMoneyFormat *format);

/* The wire form shared with servers and data files: ASCII digits, '.' and at most the
 * currency's exponent of decimals, no sign, no grouping, no currency ("50", "50.5",
 * "50.00"; JPY "5000"). Zero is valid here (a limit of 0). Formatting always writes all
 * the currency's decimals ("50.00", "1.500", "5000"), and a '-' for negative amounts. */
gboolean  rapport_money_parse_wire           (RapportMoney             *out,
                                              const char               *text,
                                              const char               *currency,
                                              GError                  **error);
char     *rapport_money_to_wire              (const RapportMoney       *money);

G_END_DECLS
