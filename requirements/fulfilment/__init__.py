"""Requirement fulfilment: did the delivered system meet what the contract required?"""
