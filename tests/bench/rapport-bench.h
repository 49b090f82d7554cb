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

/* A row with its values as text (@median and @p95 transfer full; @p95 may be NULL). */
void             rapport_bench_add_text_row            (const char       *metric,
                                                        char             *median,
                                                        char             *p95,
                                                        const char       *target,
                                                        const char       *verdict);
/* A latency row (milliseconds, one decimal) whose metric also says how many samples. */
void             rapport_bench_add_count_row           (const char       *metric,
                                                        GArray           *samples_ms,
                                                        double            target_median,
                                                        double            target_p95);
/* A latency row (milliseconds, one decimal, with its number of samples) with no target of its
 * own: a baseline the other rows are read against. */
void             rapport_bench_add_baseline_row        (const char       *metric,
                                                        GArray           *samples_ms);
/* Durations in seconds against a median target. */
void             rapport_bench_add_seconds_row         (const char       *metric,
                                                        GArray           *samples_s,
                                                        double            target_median);
/* Frame durations (milliseconds): median, p95 and the worst, which must stay ≤ @target_worst. */
void             rapport_bench_add_frames_row          (const char       *metric,
                                                        GArray           *frames_ms,
                                                        double            worst,
                                                        double            target_worst);

/* The UI rows (rapport-bench-ui.c): runs @app on the workspace in @data_dir with
 * RAPPORT_TRACE=frames and drives it with XTest key and wheel events; @label names the
 * workspace in the table, @n_my_open is the size of the view the app starts in, @n_switches
 * the ticket switches timed, @switches those of the memory row. */
void             rapport_bench_run_ui                  (const char       *app,
                                                        const char       *data_dir,
                                                        const char       *label,
                                                        guint             n_my_open,
                                                        guint             n_switches,
                                                        guint             switches);

/* The floor of a ticket switch's frame (rapport-bench-ui.c): runs @frame_floor
 * (tests/bench/frame-floor.c) and times @n_switches presses of j, key → painted frame, as
 * for the app. */
void             rapport_bench_run_frame_floor         (const char       *frame_floor,
                                                        const char       *data_dir,
                                                        guint             n_switches);

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
