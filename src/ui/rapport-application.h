/* rapport-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* The settings schema id is the same in development builds (only the application id differs). */
#define RAPPORT_SETTINGS_SCHEMA_ID "io.github.rapportdesk.Rapport"

#define RAPPORT_TYPE_APPLICATION (rapport_application_get_type ())
G_DECLARE_FINAL_TYPE (RapportApplication, rapport_application, RAPPORT, APPLICATION, AdwApplication)

/* The application owns the store. On first activation it opens the workspace without
 * blocking the main loop: open the store, find (or create) the demo account, start the pull,
 * and hand the workspace to its window. */
RapportApplication *rapport_application_new       (void);
RapportStore       *rapport_application_get_store (RapportApplication *self);

G_END_DECLS
