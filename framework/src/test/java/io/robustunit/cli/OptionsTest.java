package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    final Options options = Options.builder("demo")
            .value("eps", "E", "radius of the ball")
            .value("limit", "N", "how many images")
            .value("seed", "N", "base seed")
            .value("attack", "NAME", "pgd|fgsm")
            .flag("stratified", "class-stratified sample")
            .build();

    ParsedOptions parse(String... args) {
        return options.parse(List.of(args));
    }

    @Test
    void valuesFlagsAndEqualsSyntaxAreParsedIntoTypedValues() {
        ParsedOptions p = parse("--eps", "0.1", "--limit=1000", "--stratified", "--seed", "-3", "--attack", "PGD");

        assertThat(p.decimal("eps", v -> v >= 0, "a number >= 0")).hasValue(0.1);
        assertThat(p.integer("limit", 1, Integer.MAX_VALUE)).hasValue(1000);
        assertThat(p.longInteger("seed")).hasValue(-3);
        assertThat(p.flag("stratified")).isTrue();
        assertThat(p.choice("attack", List.of("pgd", "fgsm"))).hasValue("pgd");
        assertThat(p.helpRequested()).isFalse();
    }

    @Test
    void absentOptionsAreEmptyAndRequiredOnesAreNamedWhenMissing() {
        ParsedOptions p = parse();

        assertThat(p.integer("limit", 1, 10)).isEmpty();
        assertThat(p.flag("stratified")).isFalse();
        assertThatThrownBy(() -> p.requiredString("eps"))
                .isInstanceOf(UsageException.class)
                .hasMessage("missing required option --eps E (radius of the ball)");
    }

    @Test
    void anUnknownOptionIsNamedWithASuggestionAndTheValidOptions() {
        assertThatThrownBy(() -> parse("--epss", "0.1"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown option --epss; did you mean --eps?")
                .hasMessageContaining("Valid options: --eps, --limit, --seed, --attack, --stratified, --help");
        assertThatThrownBy(() -> parse("--model", "m.pt"))
                .hasMessageStartingWith("unknown option --model Valid options");
    }

    @Test
    void aMissingValueIsNamedEvenWhenAnotherOptionFollows() {
        assertThatThrownBy(() -> parse("--eps"))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --eps needs a value: --eps E (radius of the ball)");
        assertThatThrownBy(() -> parse("--eps", "--limit", "3"))
                .hasMessage("option --eps needs a value: --eps E (radius of the ball)");
        assertThatThrownBy(() -> parse("--eps=")).hasMessageStartingWith("option --eps has an empty value");
    }

    @Test
    void badNumbersNameTheOptionTheValueAndTheValidRange() {
        assertThatThrownBy(() -> parse("--eps", "abc").decimal("eps", v -> v >= 0, "a number >= 0"))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --eps: 'abc' is not valid; expected a number >= 0");
        assertThatThrownBy(() -> parse("--eps", "-0.5").decimal("eps", v -> v >= 0, "a number >= 0"))
                .hasMessage("option --eps: '-0.5' is not valid; expected a number >= 0");
        assertThatThrownBy(() -> parse("--eps", "NaN").decimal("eps", v -> v >= 0, "a number >= 0"))
                .hasMessageContaining("'NaN' is not valid");
        assertThatThrownBy(() -> parse("--limit", "0").integer("limit", 1, Integer.MAX_VALUE))
                .hasMessage("option --limit: '0' is not valid; expected an integer >= 1");
        assertThatThrownBy(() -> parse("--limit", "2.5").integer("limit", 1, 100))
                .hasMessage("option --limit: '2.5' is not valid; expected an integer in [1, 100]");
        assertThatThrownBy(() -> parse("--limit", "99999999999").integer("limit", 1, 100))
                .hasMessageContaining("expected an integer in [1, 100]");
        assertThatThrownBy(() -> parse("--seed", "x").longInteger("seed"))
                .hasMessage("option --seed: 'x' is not valid; expected a whole number (64-bit)");
        assertThatThrownBy(() -> parse("--attack", "cw").choice("attack", List.of("pgd", "fgsm")))
                .hasMessage("option --attack: 'cw' is not one of pgd, fgsm");
    }

    @Test
    void repeatedOptionsStrayArgumentsAndFlagValuesAreRejected() {
        assertThatThrownBy(() -> parse("--eps", "0.1", "--eps", "0.2")).hasMessage("option --eps is given twice");
        assertThatThrownBy(() -> parse("model.pt")).hasMessageStartingWith("unexpected argument 'model.pt'");
        assertThatThrownBy(() -> parse("-eps", "0.1"))
                .hasMessageContaining("options start with two dashes, e.g. --eps");
        assertThatThrownBy(() -> parse("--stratified=yes"))
                .hasMessage("option --stratified is a flag and takes no value");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(parse("--bogus", "--help").helpRequested()).isTrue();
        assertThat(parse("-h").helpRequested()).isTrue();
        assertThat(options.help())
                .containsPattern("--eps E +radius of the ball\n")
                .containsPattern("--stratified +class-stratified sample\n")
                .containsPattern("-h, --help +this help\n");
    }

    @Test
    void declaringOptionsTwiceOrWithBadNamesFails() {
        assertThatThrownBy(() -> Options.builder("x").flag("a", "").flag("a", ""))
                .hasMessage("option --a declared twice");
        assertThatThrownBy(() -> Options.builder("x").flag("help", "")).hasMessageContaining("other than 'help'");
    }
}
