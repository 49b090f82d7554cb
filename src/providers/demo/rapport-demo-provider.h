/* rapport-demo-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DEMO_PROVIDER (rapport_demo_provider_get_type ())
G_DECLARE_FINAL_TYPE (RapportDemoProvider, rapport_demo_provider, RAPPORT, DEMO_PROVIDER, GObject)

/* The built-in demo helpdesk: serves the RapportDemo dataset through the provider contract,
 * page by page, generating in a worker thread. The cursor is the next customer index.
 *
 * Properties: "seed" (uint), "n-customers" (uint), "anchor-time" (int64 unix seconds),
 * "page-size" (uint, messages per page, default 2000) — all construct-only. */
RapportProvider *rapport_demo_provider_new (guint32 seed,
                                            guint   n_customers,
                                            gint64  anchor_time);

G_END_DECLS
