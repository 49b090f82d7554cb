/* rapport-demo-backend.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider-registry.h"

G_BEGIN_DECLS

/* The demo in the provider registry: kind "demo", not offered in "Add Account" (the welcome
 * page and app.open-demo open it), no address, no token. Its connection check makes a new demo
 * account with the default dataset anchored now, so that its data looks recent
 * (rapport_demo_provider_new_account()); its constructor is
 * rapport_demo_provider_new_for_account(). */
const RapportProviderBackend *rapport_demo_backend_get (void);

G_END_DECLS
