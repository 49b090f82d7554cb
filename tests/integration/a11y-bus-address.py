#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Serve org.a11y.Bus on this session bus, answering GetAddress with AT_SPI_BUS_ADDRESS.

test_rt_money_e2e.py gives each rapport a session bus of its own but one accessibility bus
for all, named in AT_SPI_BUS_ADDRESS. A rapport in a Flatpak sandbox does not see that
variable: `flatpak run` asks the session bus's org.a11y.Bus for the address and proxies it
into the sandbox. This answers it, so the sandboxed rapport joins the test's accessibility
bus. Runs until the session bus goes away.
"""

import os
import sys

from gi.repository import Gio, GLib

INTERFACE = Gio.DBusNodeInfo.new_for_xml('''
<node>
  <interface name="org.a11y.Bus">
    <method name="GetAddress"><arg type="s" name="address" direction="out"/></method>
  </interface>
</node>''').interfaces[0]


def main():
    address = os.environ.get('AT_SPI_BUS_ADDRESS')
    if not address:
        print('a11y-bus-address: AT_SPI_BUS_ADDRESS is not set', file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def on_call(_bus, _sender, _path, _interface, method, _params, invocation):
        if method == 'GetAddress':
            invocation.return_value(GLib.Variant('(s)', (address,)))
        else:
            invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownMethod', method)

    bus.register_object('/org/a11y/bus', INTERFACE, on_call, None, None)
    bus.connect('closed', lambda *_args: loop.quit())
    Gio.bus_own_name_on_connection(bus, 'org.a11y.Bus', Gio.BusNameOwnerFlags.DO_NOT_QUEUE,
                                   None, lambda *_args: loop.quit())
    loop.run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
