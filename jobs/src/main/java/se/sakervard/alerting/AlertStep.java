package se.sakervard.alerting;

/** One step of one rule's alert on one place, for the audit trail and for delivery. */
public record AlertStep(String rule, Severity severity, Place place, AlertEvent event) {}
