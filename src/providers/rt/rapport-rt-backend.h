/* rapport-rt-backend.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider-registry.h"

G_BEGIN_DECLS

/* Request Tracker in the provider registry: kind "rt", added by people with a server address
 * and an auth token, checked by rapport_rt_check_connection_async(), served by
 * rapport_rt_provider_new(). */
const RapportProviderBackend *rapport_rt_backend_get (void);

G_END_DECLS
