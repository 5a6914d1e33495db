"""HTTP connectors for the channels' seller APIs (no Django in this package).

Each connector turns a provider's order pages into `ChannelLine`s and pushes
absolute stock quantities. The signing functions are pure.
"""
