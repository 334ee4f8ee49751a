package se.sakervard.feeds.hl7;

/**
 * The fields of one HL7 v2 ADT message that bed movements need, as the sender wrote them. Holds
 * identifiers in clear (visit number, patient id): it never leaves {@link AdtMapping}, which turns
 * them into keyed hashes.
 *
 * @param sendingFacility MSH-4
 * @param controlId MSH-10, unique per message of a sender
 * @param trigger MSH-9.2 (or EVN-1), e.g. A01
 * @param eventTime EVN-6 (event occurred), else EVN-2 (recorded), else MSH-7; epoch ms
 * @param sequence MSH-13 sequence number, or null
 * @param visitNumber PV1-19
 * @param patientId PID-3.1
 * @param location PV1-3.1, the assigned point of care
 * @param priorLocation PV1-6.1, or null
 * @param hospitalService PV1-10, the responsible service, or null
 */
public record AdtMessage(
    String sendingFacility,
    String controlId,
    String version,
    String trigger,
    long eventTime,
    Long sequence,
    String visitNumber,
    String patientId,
    String location,
    String priorLocation,
    String hospitalService) {}
