package se.sakervard.alerting.level;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A place's here-and-now level with its reasons (docs/alerting.md, levels), in four steps like the
 * Swedish "ansträngt läge" scales and NHS OPEL: 1 normal, 2 strained ("ansträngt läge"), 3 severely
 * strained, 4 critical.
 *
 * @param reasons every input at level 2 or above, by level descending, then input order
 * @param notJudged inputs that could not raise the level: unknown, or hygiene compliance from too
 *     few observations. A level 1 with inputs missing is not the same as all clear, so it says so.
 */
public record HereAndNow(int level, List<LevelReason> reasons, List<LevelInput> notJudged) {
  public static final int NORMAL = 1;
  public static final int STRAINED = 2;
  public static final int SEVERELY_STRAINED = 3;
  public static final int CRITICAL = 4;

  /** The level is the worst reason's, or 1 without reasons; anything else is a bug. */
  public HereAndNow {
    reasons = List.copyOf(reasons);
    notJudged = List.copyOf(notJudged);
    int worst = reasons.stream().mapToInt(LevelReason::level).max().orElse(NORMAL);
    if (level != worst) {
      throw new IllegalArgumentException(
          "level " + level + " does not match its reasons (worst " + worst + "): " + reasons);
    }
  }

  /** A level whose inputs were all known. */
  public HereAndNow(int level, List<LevelReason> reasons) {
    this(level, reasons, List.of());
  }

  /** "normal", "strained", "severely strained" or "critical". */
  public static String nameOf(int level) {
    return switch (level) {
      case NORMAL -> "normal";
      case STRAINED -> "strained";
      case SEVERELY_STRAINED -> "severely strained";
      case CRITICAL -> "critical";
      default -> throw new IllegalArgumentException("levels are 1 to 4; was " + level);
    };
  }

  public String levelName() {
    return nameOf(level);
  }

  /**
   * E.g. "level 3 (severely strained): occupancy 100.0% ≥ 100% (level 3); overcrowding 5.0 ≥ 5 per
   * 100 available beds (level 2)", or "level 1 (normal): all inputs are below their level-2
   * thresholds".
   */
  public String explain() {
    String head = "level " + level + " (" + levelName() + "): ";
    String body =
        reasons.isEmpty()
            ? (notJudged.isEmpty() ? "all inputs are" : "all judged inputs are")
                + " below their level-2 thresholds"
            : reasons.stream().map(LevelReason::explain).collect(Collectors.joining("; "));
    String missing =
        notJudged.isEmpty()
            ? ""
            : "; not judged (unknown, or too few hygiene observations): "
                + notJudged.stream().map(LevelInput::label).collect(Collectors.joining(", "));
    return head + body + missing;
  }

  @Override
  public String toString() {
    return explain();
  }
}
