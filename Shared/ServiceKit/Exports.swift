@_exported import PrescientCore
