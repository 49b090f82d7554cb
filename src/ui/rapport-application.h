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

/* The cache of every account, in $XDG_DATA_HOME/rapport/. */
#define RAPPORT_STORE_FILE_NAME "rapport.sqlite"

#define RAPPORT_TYPE_APPLICATION (rapport_application_get_type ())
G_DECLARE_FINAL_TYPE (RapportApplication, rapport_application, RAPPORT, APPLICATION, AdwApplication)

/* The application owns the store and a RapportWorkspace per account. On first activation,
 * without blocking the main loop, it opens the store, lists the accounts and shows one: the
 * demo workspace with --demo (made on first use), else the account shown last, else the
 * first helpdesk account, else the welcome page. Every helpdesk account syncs and sends its
 * outbox in the background; API tokens come from the keyring (rapport-secrets.h).
 * Actions: app.add-account, app.open-demo, app.switch-account (int64 account id; its state is
 * the shown account), app.preferences, app.shortcuts, app.about, app.quit. */
RapportApplication *rapport_application_new       (void);
RapportStore       *rapport_application_get_store (RapportApplication *self);

G_END_DECLS
