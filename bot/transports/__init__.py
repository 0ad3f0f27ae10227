"""Platform adapters. Each turns platform updates into IncomingMessage and sends replies."""
