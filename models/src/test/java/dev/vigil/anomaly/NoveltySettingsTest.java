package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoveltySettingsTest {
    private static final NoveltySettings DEFAULTS = NoveltySettings.defaults();

    @Test
    void overridesReplaceOnlyTheNamedSettings() {
        NoveltySettings s = DEFAULTS.withOverrides("prior=0, usual-band=0,step=3");
        assertThat(s.prior()).isZero();
        assertThat(s.usualBand()).isZero();
        assertThat(s.step()).isEqualTo(3);
        assertThat(s).isEqualTo(new NoveltySettings(3, DEFAULTS.window(), DEFAULTS.levels(), DEFAULTS.chomp(), DEFAULTS.spike(),
                DEFAULTS.learningSteps(), DEFAULTS.mask(), DEFAULTS.initialVigilance(), 0, 0, DEFAULTS.maxCategories(),
                DEFAULTS.medianSteps()));
        assertThat(DEFAULTS.withOverrides("")).isEqualTo(DEFAULTS);
    }

    @Test
    void everyKeyReachesItsSetting() {
        NoveltySettings s = DEFAULTS.withOverrides("step=1,window=16,levels=60,chomp=0.05,spike=0.2,learning-steps=128,mask=8,"
                + "initial-vigilance=0.7,prior=1.5,usual-band=0.3,max-categories=64,median-steps=512");
        assertThat(s).isEqualTo(new NoveltySettings(1, 16, 60, 0.05, 0.2, 128, 8, 0.7, 1.5, 0.3, 64, 512));
    }

    @Test
    void setsTellsWhetherASpecNamesAKeyAsOverridesReadIt() {
        assertThat(NoveltySettings.sets("prior=1, step = 3", "step")).isTrue();
        assertThat(NoveltySettings.sets("prior=1,learning-steps=52", "step")).isFalse();
        // Read as withOverrides reads it, so a bad spec is refused the same way.
        assertThatThrownBy(() -> NoveltySettings.sets("steps=3", "step")).hasMessageContaining("steps=3");
    }

    @Test
    void badOverridesAreRefusedNamingTheKeyOrValue() {
        assertThatThrownBy(() -> DEFAULTS.withOverrides("priors=1")).hasMessageContaining("priors=1").hasMessageContaining("usual-band");
        assertThatThrownBy(() -> DEFAULTS.withOverrides("prior")).hasMessageContaining("'prior' is not key=value");
        assertThatThrownBy(() -> DEFAULTS.withOverrides("chomp=a lot")).hasMessageContaining("chomp: 'a lot' is not a number");
        assertThatThrownBy(() -> DEFAULTS.withOverrides("step=2.5")).hasMessageContaining("step: '2.5' is not a whole number");
        assertThatThrownBy(() -> DEFAULTS.withOverrides("window=1e10")).hasMessageContaining("window: '1e10' is not a whole number within int range");
        assertThatThrownBy(() -> DEFAULTS.withOverrides("prior=1,prior=0")).hasMessageContaining("prior is given twice");
        assertThatThrownBy(() -> DEFAULTS.withOverrides("window=6")).hasMessageContaining("window 6 (a power of two)");
    }
}
