/* rapport-bench.h — what the benchmark's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* A row of the table from latency samples (milliseconds): median and p95 against the targets
 * (a negative median target: none), with @decimals digits; the plain one with two. */
void             rapport_bench_add_latency_row_precise (const char       *metric,
                                                        GArray           *samples_ms,
                                                        double            target_median,
                                                        double            target_p95,
                                                        int               decimals);
void             rapport_bench_add_latency_row         (const char       *metric,
                                                        GArray           *samples_ms,
                                                        double            target_median,
                                                        double            target_p95);

/* The bench's log writer: counts the store's messages while the money ledger is written
 * (each decision that fails verification logs one), prints everything else. */
GLogWriterOutput rapport_bench_log_writer              (GLogLevelFlags    log_level,
                                                        const GLogField  *fields,
                                                        gsize             n_fields,
                                                        gpointer          user_data);

/* The money rows (rapport-bench-money.c): writes the ledger into @store, whose file is
 * @db_path, for @account_id, then times the policy and the money summary. */
void             rapport_bench_run_money               (RapportStore     *store,
                                                        const char       *db_path,
                                                        gint64            account_id,
                                                        guint             n_samples);

/* The suggestion rows (rapport-bench-suggest.c): in a store of their own in @dir, ranking a
 * ticket against 100k past answers, 1k canned responses and 5k articles, and inserting a
 * template with its values. */
void             rapport_bench_run_suggest             (const char       *dir,
                                                        guint             n_samples);

G_END_DECLS
