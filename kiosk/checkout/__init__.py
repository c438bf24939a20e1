"""The sale engine: a guest's sale from choice to receipt, the journal, recovery and staff's desk.

It may import the domain and the Zenoti and reader ports; never Qt, the UI, the configuration
or the entry points.
"""
