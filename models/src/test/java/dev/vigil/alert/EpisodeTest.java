package dev.vigil.alert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EpisodeTest {
    @Test
    void firesOnceHoldsWhileBadAndResolvesAfterEnoughCalmInARow() {
        assertThat(Episode.judge(false, 0, false, false, 3).step()).isEqualTo(Episode.Step.NONE);
        assertThat(Episode.judge(false, 0, true, true, 3).step()).isEqualTo(Episode.Step.FIRE);
        assertThat(Episode.judge(true, 0, true, true, 3).step()).isEqualTo(Episode.Step.HOLD);
        Episode.Judgement one = Episode.judge(true, 0, false, false, 3);
        assertThat(one).isEqualTo(new Episode.Judgement(Episode.Step.CALMING, 1));
        Episode.Judgement two = Episode.judge(true, one.calm(), false, false, 3);
        assertThat(two).isEqualTo(new Episode.Judgement(Episode.Step.CALMING, 2));
        // A bad judgement between calm ones starts the count again.
        assertThat(Episode.judge(true, two.calm(), false, true, 3)).isEqualTo(new Episode.Judgement(Episode.Step.HOLD, 0));
        assertThat(Episode.judge(true, two.calm(), false, false, 3)).isEqualTo(new Episode.Judgement(Episode.Step.RESOLVE, 3));
    }

    @Test
    void oneCalmJudgementResolvesWhenThatIsAllItTakes() {
        assertThat(Episode.judge(true, 0, false, false, 1).step()).isEqualTo(Episode.Step.RESOLVE);
    }
}
