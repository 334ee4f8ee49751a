package se.sakervard.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The board's users file: who sees which hospital, and the clear refusals of a wrong line. */
class BoardUsersTest {
  private static final String H03_TOKEN = "3f9c1e0d8b7a6f5e4d3c2b1a09f8e7d6";

  @Test
  void shouldGiveEachTokenAndUserTheirHospital() {
    BoardUsers users =
        BoardUsers.parse(
            List.of(
                "# who  sees",
                "token:" + H03_TOKEN + "   R01-H03",
                "",
                "user:anna.berg R01-H03",
                "user:chefslakare.beredskap *"),
            "users");

    assertThat(users.hospitalOfToken(H03_TOKEN)).isEqualTo("R01-H03");
    assertThat(users.hospitalOfToken(H03_TOKEN.substring(1))).isNull();
    assertThat(users.hospitalOfUser("anna.berg")).isEqualTo("R01-H03");
    assertThat(users.hospitalOfUser("chefslakare.beredskap")).isEqualTo(BoardUsers.EVERY_HOSPITAL);
    assertThat(users.hospitalOfUser("someone.else")).isNull();
    assertThat(users.hasTokens()).isTrue();
  }

  @Test
  void shouldRefuseAWrongLineByItsNumberWithoutRepeatingTheToken() {
    String shortToken = "tooshort";
    assertThatThrownBy(
            () -> BoardUsers.parse(List.of("# x", "token:" + shortToken + " R01-H03"), "users"))
        .hasMessageContaining("users, line 2")
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining(shortToken);
    assertThatThrownBy(() -> BoardUsers.parse(List.of("user:anna R01 H03"), "users"))
        .hasMessageContaining("line 1: expected");
    assertThatThrownBy(() -> BoardUsers.parse(List.of("user:anna 'R01-H03'"), "users"))
        .hasMessageContaining("hospital code");
    assertThatThrownBy(() -> BoardUsers.parse(List.of("anna R01-H03"), "users"))
        .hasMessageContaining("starts with 'token:' or 'user:'");
    assertThatThrownBy(
            () ->
                BoardUsers.parse(
                    List.of("token:" + H03_TOKEN + " R01-H03", "token:" + H03_TOKEN + " R01-H04"),
                    "users"))
        .hasMessageContaining("line 2: this token is already given")
        .hasMessageNotContaining(H03_TOKEN);
  }
}
